/**
 * @module A loopback fake of an OpenAI-compatible chat endpoint: records every request as sent
 * (raw body included, so a test can prove what left the process) and plays scripted replies in
 * order: a structured answer, malformed JSON, a refusal, an HTTP error with retry headers, or
 * silence until the client gives up. With no script left it answers 500 "unscripted", so a call
 * nobody set up fails loudly.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as it arrived. */
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: the request body as parsed, read field by field in tests
  body: any;
  /** performance.now() when it arrived (a monotonic clock, not the calendar). */
  at: number;
}

export type Reply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; text: string }
  | { hang: true };

export type Script = (request: RecordedRequest) => Reply;

/** A chat.completion whose message content is `content` (JSON-encoded unless already a string). */
export function completion(
  content: unknown,
  options: { refusal?: string; finishReason?: string } = {},
): Reply {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'fake-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: options.refusal ? null : text,
            refusal: options.refusal ?? null,
          },
          finish_reason: options.finishReason ?? 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 1234, completion_tokens: 56, total_tokens: 1290 },
    },
  };
}

export interface SentPassage {
  n: number;
  source: string;
  text: string;
}

/** The numbered passages a request carried, as the engine rendered them. */
export function passagesOf(request: RecordedRequest): SentPassage[] {
  const user = userPart(request);
  return [...user.matchAll(/<passage n="(\d+)" source="([^"]*)">\n([\s\S]*?)\n<\/passage>/g)].map(
    (m) => ({ n: Number(m[1]), source: m[2]!, text: m[3]! }),
  );
}

export function systemPart(request: RecordedRequest): string {
  return request.body.messages.find((m: { role: string }) => m.role === 'system')?.content ?? '';
}

export function userPart(request: RecordedRequest): string {
  return request.body.messages.find((m: { role: string }) => m.role === 'user')?.content ?? '';
}

/** A model that answers well: one statement per passage (up to ten), in two titled sections. */
export const faithful: Script = (request) => {
  const claims = passagesOf(request)
    .slice(0, 10)
    .map((p) => ({
      text: `The report notes: ${p.text.split(/\s+/).slice(0, 25).join(' ')}`,
      passages: [p.n],
    }));
  if (claims.length === 0) return completion({ answered: false, sections: [] });
  const half = Math.ceil(claims.length / 2);
  return completion({
    answered: true,
    sections: [
      { title: 'What the reports say', claims: claims.slice(0, half) },
      { title: 'More detail', claims: claims.slice(half) },
    ].filter((s) => s.claims.length > 0),
  });
};

export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #script: Script[] = [];
  #fallback: Script | null = null;

  private constructor(server: Server) {
    this.#server = server;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeOpenAI> {
    const server = createServer();
    const fake = new FakeOpenAI(server);
    server.on('request', (req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        raw += chunk;
      });
      req.on('end', () => {
        const request: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          raw,
          body: raw ? JSON.parse(raw) : null,
          at: performance.now(),
        };
        fake.requests.push(request);
        fake.#reply(request, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseURL(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1`;
  }

  /** Replies for the next requests, one each, in order. */
  script(...replies: Script[]): this {
    this.#script.push(...replies);
    return this;
  }

  /** The reply for every request once the script has run out (none: 500 "unscripted"). */
  otherwise(script: Script | null): this {
    this.#fallback = script;
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.#script.length = 0;
    this.#fallback = null;
  }

  #reply(request: RecordedRequest, res: ServerResponse): void {
    const script = this.#script.shift() ?? this.#fallback;
    const reply: Reply = script
      ? script(request)
      : { status: 500, json: { error: { message: 'unscripted request', type: 'fake' } } };
    if ('hang' in reply) return; // Never answered; the socket closes with the server.
    const body = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(body);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
