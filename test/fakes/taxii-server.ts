/**
 * @module A loopback TAXII 2.1 server with one collection: objects carry the time they were added;
 * `added_after` filters, pages hold `pageSize` objects with a `next` token, and the date headers
 * are sent as the spec asks. A wrong or missing token gets 401.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TaxiiRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  accept: string | undefined;
}

export class FakeTaxiiServer {
  readonly requests: TaxiiRequest[] = [];
  readonly #objects: { added: string; object: Record<string, unknown> }[] = [];
  readonly #server: Server;
  #port = 0;

  readonly collection: string;
  readonly token: string;
  readonly pageSize: number;

  private constructor(collection: string, token: string, pageSize: number) {
    this.collection = collection;
    this.token = token;
    this.pageSize = pageSize;
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      this.requests.push({
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        accept: req.headers.accept,
      });
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        res.writeHead(401, { 'content-type': 'application/taxii+json;version=2.1' });
        res.end(JSON.stringify({ title: 'unauthorized' }));
        return;
      }
      if (url.pathname !== `/api1/collections/${this.collection}/objects/`) {
        res.writeHead(404).end();
        return;
      }
      const after = url.searchParams.get('added_after');
      const matching = this.#objects.filter((o) => !after || o.added > after);
      const start = Number(url.searchParams.get('next') ?? 0);
      const page = matching.slice(start, start + this.pageSize);
      const more = start + this.pageSize < matching.length;
      res.writeHead(200, {
        'content-type': 'application/taxii+json;version=2.1',
        ...(page.length
          ? {
              'x-taxii-date-added-first': page[0]!.added,
              'x-taxii-date-added-last': page.at(-1)!.added,
            }
          : {}),
      });
      res.end(
        JSON.stringify({
          more,
          ...(more ? { next: String(start + this.pageSize) } : {}),
          objects: page.map((o) => o.object),
        }),
      );
    });
  }

  static async start(options: {
    collection: string;
    token: string;
    pageSize: number;
  }): Promise<FakeTaxiiServer> {
    const server = new FakeTaxiiServer(options.collection, options.token, options.pageSize);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.#port = (server.#server.address() as AddressInfo).port;
    return server;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.#port}/api1/`;
  }

  /** Adds objects as added at `added` (an ISO instant). */
  add(added: string, ...objects: Record<string, unknown>[]): void {
    for (const object of objects) this.#objects.push({ added, object });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
