/**
 * @module A loopback web server for source tests: routes answer with a body, a type, headers or a
 * status; ETag and Last-Modified make a route answer 304 to a matching conditional request; every
 * request is recorded (path, query, headers). A path nobody set up gets 404, so a stray fetch fails.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  body?: string | Uint8Array | ((req: RecordedRequest) => string);
  type?: string;
  headers?: Record<string, string>;
  /** Answered 304 when the request carries it in If-None-Match. */
  etag?: string;
  /** Answered 304 when the request's If-Modified-Since equals it. */
  lastModified?: string;
  /** Never answers (for time limits). */
  hang?: boolean;
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  status: number;
}

export class FakeWebServer {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, Route | ((req: RecordedRequest) => Route)>();
  readonly #server: Server;
  #port = 0;

  private constructor() {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      const recorded: RecordedRequest = {
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        status: 0,
      };
      this.requests.push(recorded);
      const found = this.#routes.get(url.pathname);
      const route = typeof found === 'function' ? found(recorded) : found;
      if (!route) {
        recorded.status = 404;
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (route.hang) return;
      const fresh =
        (route.etag && req.headers['if-none-match'] === route.etag) ||
        (route.lastModified && req.headers['if-modified-since'] === route.lastModified);
      const validators: Record<string, string> = {
        ...(route.etag ? { etag: route.etag } : {}),
        ...(route.lastModified ? { 'last-modified': route.lastModified } : {}),
      };
      if (fresh) {
        recorded.status = 304;
        res.writeHead(304, validators).end();
        return;
      }
      recorded.status = route.status ?? 200;
      const body = typeof route.body === 'function' ? route.body(recorded) : (route.body ?? '');
      res
        .writeHead(recorded.status, {
          ...(route.type ? { 'content-type': route.type } : {}),
          ...validators,
          ...route.headers,
        })
        .end(body);
    });
  }

  static async start(): Promise<FakeWebServer> {
    const server = new FakeWebServer();
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.#port = (server.#server.address() as AddressInfo).port;
    return server;
  }

  get port(): number {
    return this.#port;
  }

  /** http://127.0.0.1:PORT + path, or the same path under another host name (resolved by a test resolver). */
  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.#port}${path}`;
  }

  route(path: string, route: Route | ((req: RecordedRequest) => Route)): this {
    this.#routes.set(path, route);
    return this;
  }

  hits(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
