/**
 * @module The one HTTP server `serve` runs: /healthz plus the routes each chat platform adds
 * (/slack/events, /api/messages). Platforms get the raw request so they can check signatures.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestGauge } from './request-gauge.ts';

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface RunningServer {
  server: Server;
  /** The port actually bound (useful with port 0 in tests). */
  port: number;
  close(): Promise<void>;
}

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export async function startHttpServer(options: {
  port: number;
  host: string;
  routes: HttpRoute[];
  health: () => Promise<HealthReport> | HealthReport;
  onError?: (error: unknown, req: IncomingMessage) => void;
  /** Told of every request, so answer work can give way to requests. */
  gauge?: RequestGauge;
}): Promise<RunningServer> {
  const routes = [...options.routes, { method: 'GET' as const, path: '/healthz', handle: healthz }];
  async function healthz(_req: IncomingMessage, res: ServerResponse) {
    const report = await options.health();
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(report));
  }
  const server = createServer((req, res) => {
    options.gauge?.track(req, res);
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.method !== route.method) {
      res
        .writeHead(405, { allow: route.method, 'content-type': 'text/plain' })
        .end('method not allowed');
      return;
    }
    Promise.resolve()
      .then(() => route.handle(req, res))
      .catch((error: unknown) => {
        options.onError?.(error, req);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads a request body up to `limit` bytes; larger bodies are refused. */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
