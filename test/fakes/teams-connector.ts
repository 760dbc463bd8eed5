/**
 * @module A loopback fake of the Bot Framework connector (the `serviceUrl` Teams puts in activities).
 * It captures what the bot posts, answers like Teams does, can be told to refuse the next calls with
 * 429/412/502/504, and records anything else it was not set up for so a test can fail on it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  /** Decoded conversation id from the path. */
  conversationId?: string;
  /** The activity replied to, when the bot used `/activities/{replyToId}`. */
  replyToId?: string;
  // biome-ignore lint/suspicious/noExplicitAny: captured JSON, asserted field by field in tests
  body: any;
  /** What the fake answered. */
  status: number;
  /** The id the fake gave the posted message (absent for refusals). */
  id?: string;
  at: number;
}

type RefusalStatus = 429 | 412 | 502 | 504;

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

export class FakeTeamsConnector {
  /** Every call, refused ones included, in arrival order. */
  readonly calls: ConnectorCall[] = [];
  /** Calls to paths the fake does not serve. */
  readonly unexpected: ConnectorCall[] = [];
  readonly #server: Server;
  readonly #refusals: RefusalStatus[] = [];
  readonly #waiters: { count: number; resolve: () => void }[] = [];
  #nextId = 1_700_000_000_000;
  /** Told of every message the fake accepted, as it arrives (the bench times replies with it). */
  onMessage?: (call: ConnectorCall) => void;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FakeTeamsConnector> {
    const server = createServer();
    const fake = new FakeTeamsConnector(server);
    server.on('request', (req, res) => {
      fake.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** What to put in an activity's `serviceUrl`; Teams' own end with a slash too. */
  get serviceUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
  }

  /** Messages posted into conversations (replies and proactive posts), accepted ones only. */
  get messages(): ConnectorCall[] {
    return this.calls.filter((c) => c.status === 200 && c.conversationId !== undefined);
  }

  /** New channel threads (`POST /v3/conversations`, what sendMessageToTeamsChannel calls). */
  get created(): ConnectorCall[] {
    return this.calls.filter((c) => c.status === 200 && c.path === '/v3/conversations');
  }

  /** The next `times` posts are refused with `status`, then the fake accepts again. */
  refuseNext(status: RefusalStatus, times = 1): void {
    for (let i = 0; i < times; i++) this.#refusals.push(status);
  }

  /** Resolves once at least `count` posts (messages and new threads) were accepted. */
  async waitForPosts(count: number, timeoutMs = 5000): Promise<void> {
    if (this.#accepted() >= count) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake connector: ${this.#accepted()} of ${count} posts arrived`)),
        timeoutMs,
      );
      this.#waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #accepted(): number {
    return this.messages.length + this.created.length;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    // Service URLs end with "/", and botbuilder joins them with "/v3/...": accept both forms.
    const path = (req.url ?? '/').split('?')[0]!.replace(/^\/+/, '/');
    const call: ConnectorCall = {
      method: req.method ?? '',
      path,
      body: raw ? JSON.parse(raw) : undefined,
      status: 200,
      at: performance.now(),
    };
    const match = ACTIVITIES.exec(path);
    if (match) {
      call.conversationId = decodeURIComponent(match[1]!);
      if (match[2]) call.replyToId = decodeURIComponent(match[2]);
    }
    const known = req.method === 'POST' && (match !== null || path === '/v3/conversations');
    if (!known) {
      call.status = 404;
      this.calls.push(call);
      this.unexpected.push(call);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'NotFound', message: `fake: ${req.method} ${path}` } }),
      );
      return;
    }
    const refusal = this.#refusals.shift();
    if (refusal) {
      call.status = refusal;
      this.calls.push(call);
      res.writeHead(refusal, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Throttled', message: `fake refusal ${refusal}` } }));
      return;
    }
    const id = String(this.#nextId++);
    call.id = id;
    this.calls.push(call);
    let answer: Record<string, string>;
    if (match) {
      answer = { id };
    } else {
      // Teams names a new channel thread after its root message.
      const channel = call.body?.channelData?.channel?.id ?? 'conversation';
      answer = { id: `${channel};messageid=${id}`, activityId: id };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
    if (match) this.onMessage?.(call);
    const accepted = this.#accepted();
    for (const waiter of this.#waiters.filter((w) => w.count <= accepted)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
