/**
 * @module POST /api/messages on the shared server: the body is read and parsed here (with a size
 * limit), then handed to botbuilder's CloudAdapter with a request/response pair it accepts; the
 * adapter checks the Bot Framework JWT before any of our code runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Response as BotResponse, CloudAdapter, TurnContext } from 'botbuilder';
import { type HttpRoute, readBody } from '../../serve/http-server.ts';

/** Activities are far smaller (Teams caps messages near 100 KB); anything bigger is not Teams. */
export const ACTIVITY_BODY_LIMIT = 512 * 1024;

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/** The Express-like response botbuilder writes to: status, headers, a body, then end. */
export function botResponse(res: ServerResponse): BotResponse {
  let status = 200;
  let body: unknown;
  const response: BotResponse = {
    socket: res.socket,
    status(code: number) {
      status = code;
      return response;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return response;
    },
    send(payload?: unknown) {
      body = payload;
      return response;
    },
    end() {
      if (res.writableEnded) return response;
      if (body === undefined || body === null) res.writeHead(status).end();
      else if (typeof body === 'string') reply(res, status, body);
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return response;
    },
  };
  return response;
}

export function messagesRoute(
  adapter: CloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
): HttpRoute {
  return {
    method: 'POST',
    path: '/api/messages',
    async handle(req: IncomingMessage, res: ServerResponse) {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, ACTIVITY_BODY_LIMIT));
      } catch (error) {
        if ((error as { status?: number }).status === 413)
          return reply(res, 413, 'activity too large');
        return reply(res, 400, 'the body is not JSON');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        return reply(res, 400, 'the body is not an activity');
      await adapter.process(
        { body: body as Record<string, unknown>, headers: req.headers, method: req.method },
        botResponse(res),
        logic,
      );
    },
  };
}
