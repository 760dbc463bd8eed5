/**
 * @module POST /api/messages on the shared server: the body is read and parsed here (with a size
 * limit), the Bot Framework JWT is checked, and only then does botbuilder's CloudAdapter run the
 * turn. Every refusal is a clean 4xx and one structured log line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../../core/ports/logger.ts';
import { type HttpRoute, readBody } from '../../serve/http-server.ts';
import type { OneRetryLayerAuthentication } from './one-retry-layer.ts';
import { quietly } from './quiet-console.ts';
import type { AuthenticatedRequest, TurnAdapter } from './turn-adapter.ts';

/** Activities are far smaller (Teams caps messages near 100 KB); anything bigger is not Teams. */
export const ACTIVITY_BODY_LIMIT = 512 * 1024;

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/** What the turn hands back (an invoke's status and body), as the HTTP response. */
function respond(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded) return;
  if (body === undefined || body === null) res.writeHead(status).end();
  else if (typeof body === 'string') reply(res, status, body);
  else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The fixes CloudAdapter.process makes before a turn: a type is required, timestamps become dates. */
function asActivity(body: Record<string, unknown>): Activity | undefined {
  if (typeof body.type !== 'string' || !body.type) return undefined;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    if (typeof body[field] === 'string') {
      body[raw] = body[field];
      body[field] = new Date(body[field] as string);
    }
  }
  return body as unknown as Activity;
}

/** The first line of an authentication failure, short: enough to tell a bad token from a bad key. */
function refusalReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200) || 'not authenticated';
}

export interface MessagesRouteDeps {
  adapter: TurnAdapter;
  authentication: OneRetryLayerAuthentication;
  logger: Logger;
  logic: (context: TurnContext) => Promise<void>;
}

/**
 * Authenticates first, on its own: any failure to prove the request comes from the Bot Framework
 * (no token, a forged or expired one, keys that cannot be fetched) is a 401 and one log line. Only
 * then does the adapter run the turn, with botbuilder's console writes sent to the log.
 */
export function messagesRoute(deps: MessagesRouteDeps): HttpRoute {
  const { adapter, authentication, logger, logic } = deps;
  return {
    method: 'POST',
    path: '/api/messages',
    async handle(req: IncomingMessage, res: ServerResponse) {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, ACTIVITY_BODY_LIMIT));
      } catch (error) {
        const large = (error as { status?: number }).status === 413;
        logger.warn('teams: request refused', {
          status: large ? 413 : 400,
          reason: large ? 'activity too large' : 'the body is not JSON',
        });
        return large
          ? reply(res, 413, 'activity too large')
          : reply(res, 400, 'the body is not JSON');
      }
      const activity =
        body !== null && typeof body === 'object' && !Array.isArray(body)
          ? asActivity(body as Record<string, unknown>)
          : undefined;
      if (!activity) {
        logger.warn('teams: request refused', { status: 400, reason: 'not an activity' });
        return reply(res, 400, 'the body is not an activity');
      }
      await quietly(logger, async () => {
        let auth: AuthenticatedRequest;
        try {
          auth = await authentication.authenticateRequest(activity, headerOf(req, 'authorization'));
        } catch (error) {
          logger.warn('teams: request refused', { status: 401, reason: refusalReason(error) });
          return reply(res, 401, 'unauthorized');
        }
        try {
          const invoke = await adapter.runAuthenticated(auth, activity, logic);
          respond(res, invoke?.status ?? 200, invoke?.body);
        } catch (error) {
          logger.error('teams: request failed', { reason: refusalReason(error) });
          if (!res.headersSent) reply(res, 500, 'internal error');
        }
      });
    },
  };
}

function headerOf(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
