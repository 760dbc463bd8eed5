/**
 * @module A loopback fake of the Slack Web API: records every `POST /api/<method>` (form-encoded or
 * JSON), answers the methods the Slack adapter uses, and answers anything else with
 * `unknown_method` so a call nobody set up fails loudly. Also serves `response_url`s.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockTexts } from '../../src/chat/render/slack-blocks.ts';

export interface RecordedCall {
  /** "chat.postMessage", or "response_url" for posts to a response URL. */
  method: string;
  /** The body as sent: form fields stay strings (so `blocks` is a JSON string), JSON stays parsed. */
  params: Record<string, unknown>;
  contentType: string;
  /** The Authorization header, so a test can check which token was used. */
  authorization: string | undefined;
  /** Status the fake answered with. */
  status: number;
}

type Responder = (params: Record<string, unknown>) => Record<string, unknown>;

export interface FakeSlackIdentity {
  userId: string;
  botId: string;
  teamId: string;
}

export class FakeSlackWebApi {
  readonly calls: RecordedCall[] = [];
  readonly identity: FakeSlackIdentity;
  readonly #server: Server;
  readonly #port: number;
  readonly #rateLimits = new Map<string, { times: number; retryAfter: string }>();
  readonly #failures = new Map<string, { times: number; error: string }>();
  readonly #responders = new Map<string, Responder>();
  /** Calls to take in (and keep) without ever answering: the client times out. */
  readonly #hangs = new Map<string, { times: number; after: number }>();
  /** Calls whose connection is cut before anything is read: nothing arrives. */
  readonly #drops = new Map<string, number>();
  /** Messages posted (chat.postMessage accepted), as conversations.history and .replies show them. */
  readonly messages: {
    channel: string;
    ts: string;
    thread_ts?: string;
    text: string;
    metadata?: unknown;
  }[] = [];
  #ts = 0;

  private constructor(server: Server, identity: FakeSlackIdentity) {
    this.#server = server;
    this.identity = identity;
    this.#port = (server.address() as AddressInfo).port;
    const ok = () => ({ ok: true });
    this.#responders.set('auth.test', () => ({
      ok: true,
      url: 'https://threatbrief-test.slack.com/',
      team: 'ThreatBrief Test',
      user: 'threatbrief',
      team_id: identity.teamId,
      user_id: identity.userId,
      bot_id: identity.botId,
    }));
    this.#responders.set('chat.postMessage', (params) => {
      const ts = this.#nextTs();
      this.messages.push({
        channel: String(params.channel),
        ts,
        ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}),
        text: String(params.text ?? ''),
        ...(params.metadata
          ? {
              metadata:
                typeof params.metadata === 'string' ? JSON.parse(params.metadata) : params.metadata,
            }
          : {}),
      });
      return {
        ok: true,
        channel: params.channel,
        ts,
        message: { text: params.text, user: identity.userId, bot_id: identity.botId },
      };
    });
    const listed = (keep: (m: FakeSlackWebApi['messages'][number]) => boolean) => ({
      ok: true,
      messages: this.messages
        .filter(keep)
        .map((m) => ({ type: 'message', ts: m.ts, text: m.text, metadata: m.metadata }))
        .reverse(),
    });
    this.#responders.set('conversations.history', (params) =>
      listed((m) => m.channel === params.channel && !m.thread_ts),
    );
    this.#responders.set('conversations.replies', (params) =>
      listed(
        (m) => m.channel === params.channel && (m.ts === params.ts || m.thread_ts === params.ts),
      ),
    );
    this.#responders.set('chat.postEphemeral', () => ({ ok: true, message_ts: this.#nextTs() }));
    this.#responders.set('assistant.threads.setStatus', ok);
    this.#responders.set('assistant.threads.setSuggestedPrompts', ok);
    this.#responders.set('assistant.threads.setTitle', ok);
  }

  static async start(
    identity: FakeSlackIdentity = { userId: 'UBOT', botId: 'BBOT', teamId: 'T0TEST' },
  ): Promise<FakeSlackWebApi> {
    let fake: FakeSlackWebApi | undefined;
    const server = createServer((req, res) => {
      const method = (req.url ?? '').split('?')[0]!.replace(/^\/api\//, '');
      const drops = fake!.#drops.get(method) ?? 0;
      if (drops > 0) {
        fake!.#drops.set(method, drops - 1);
        req.socket.destroy();
        return;
      }
      void fake!.#handle(req).then(({ status, headers, body }) => {
        if (status === 0) return; // taken in, never answered
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeSlackWebApi(server, identity);
    return fake;
  }

  /** The base URL for `slackApiUrl` / SLACK_API_URL (ends with /api/). */
  get url(): string {
    return `http://127.0.0.1:${this.#port}/api/`;
  }

  /** A response_url on this fake; posts to it are recorded as method "response_url". */
  responseUrl(id = 'r1'): string {
    return `http://127.0.0.1:${this.#port}/respond/${id}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Answers the next `times` calls of `method` with 429 and this Retry-After. */
  rateLimit(method: string, times: number, retryAfter = '0'): void {
    this.#rateLimits.set(method, { times, retryAfter });
  }

  /** Answers the next `times` calls of `method` with `{ok: false, error}`. */
  fail(method: string, error: string, times = 1): void {
    this.#failures.set(method, { times, error });
  }

  /**
   * Takes in the call after the next `after` calls of `method` (it is recorded and, for a post,
   * the message is kept) but never answers it, `times` times: the client sees a timeout.
   */
  acceptThenHang(method: string, options: { times?: number; after?: number } = {}): void {
    this.#hangs.set(method, { times: options.times ?? 1, after: options.after ?? 0 });
  }

  /** Cuts the connection of the next `times` calls of `method` before reading them. */
  drop(method: string, times = 1): void {
    this.#drops.set(method, times);
  }

  /** Resolves once `count` calls of `method` were recorded; rejects after `timeoutMs`. */
  async waitFor(method: string, count = 1, timeoutMs = 1500): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const calls = this.callsTo(method);
      if (calls.length >= count) return calls;
      if (Date.now() > deadline) {
        const seen = this.calls.map((c) => c.method).join(', ') || 'none';
        throw new Error(
          `expected ${count} ${method} call(s), got ${calls.length} (calls: ${seen})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Waits a little and returns every call made meanwhile: for asserting that nothing happened. */
  async quietFor(ms = 150): Promise<RecordedCall[]> {
    const before = this.calls.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.calls.slice(before);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #nextTs(): string {
    this.#ts += 1;
    return `1700000000.${String(this.#ts * 100).padStart(6, '0')}`;
  }

  async #handle(req: IncomingMessage): Promise<{
    status: number;
    headers: Record<string, string>;
    body: unknown;
  }> {
    const raw = await readAll(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const params = parseBody(raw, contentType);
    const path = (req.url ?? '/').split('?')[0]!;
    const method = path.startsWith('/respond/') ? 'response_url' : path.replace(/^\/api\//, '');
    const record = (status: number) =>
      this.calls.push({
        method,
        params,
        contentType,
        authorization: req.headers.authorization,
        status,
      });

    if (req.method !== 'POST') {
      record(405);
      return { status: 405, headers: {}, body: { ok: false, error: 'method_not_allowed' } };
    }
    const limit = this.#rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      record(429);
      return {
        status: 429,
        headers: { 'retry-after': limit.retryAfter },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    const failure = this.#failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      record(200);
      return { status: 200, headers: {}, body: { ok: false, error: failure.error } };
    }
    if (method === 'response_url') {
      record(200);
      return { status: 200, headers: {}, body: { ok: true } };
    }
    const responder = this.#responders.get(method);
    record(200);
    if (!responder)
      return { status: 200, headers: {}, body: { ok: false, error: 'unknown_method' } };
    const body = responder(params);
    const hang = this.#hangs.get(method);
    if (hang && hang.times > 0) {
      if (hang.after > 0) hang.after -= 1;
      else {
        hang.times -= 1;
        return { status: 0, headers: {}, body };
      }
    }
    return { status: 200, headers: {}, body };
  }
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

/** The blocks of a recorded post: a JSON string in form bodies, an array in JSON bodies. */
export function blocksOf(call: RecordedCall): Array<{ type: string } & Record<string, unknown>> {
  const blocks = call.params.blocks;
  if (typeof blocks === 'string') return JSON.parse(blocks);
  return (blocks ?? []) as Array<{ type: string } & Record<string, unknown>>;
}

/** Every text a recorded post carries (fallback text plus every text inside its blocks). */
export function textOf(call: RecordedCall): string {
  const fallback = typeof call.params.text === 'string' ? [call.params.text] : [];
  return [...fallback, ...blockTexts(blocksOf(call))].join('\n');
}
