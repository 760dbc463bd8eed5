/**
 * @module Slack's HTTP requests on the shared server, checked before Bolt sees them: the v0
 * signature (Bolt's verifySlackRequest), a timestamp within five minutes either way (a future one
 * too), one answer per byte-identical request (a replay is acked and dropped), and the fields
 * Bolt and our listeners rely on. Each refusal is a clean 4xx and one log line; the rest goes to
 * Bolt's App.processEvent with an ack bound to the HTTP response.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App as BoltApp,
  type Logger as BoltLogger,
  type BufferedIncomingMessage,
  HTTPResponseAck,
  type Receiver,
  verifySlackRequest,
} from '@slack/bolt';
import type { Clock } from '../../core/ports/clock.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { PlatformStateStore } from '../../core/ports/platform-state-store.ts';
import { readBody } from '../../serve/http-server.ts';
import { incomingShapeProblem } from './incoming.ts';
import { describeFailure } from './slack-failures.ts';

/** Slack's own rule: a request more than five minutes from now, either way, is not accepted. */
const MAX_SKEW_SECONDS = 5 * 60;
/** Slack payloads are a few KB; Bolt's own limit is 10 MB. */
const BODY_LIMIT = 1024 * 1024;

export interface RequestReceiverDeps {
  signingSecret: string;
  store: Pick<PlatformStateStore, 'claimEvent'>;
  /** Business time, for the record of seen requests. */
  clock: Clock;
  /** Real time in ms, for the timestamp check (Slack signs with real time). */
  requestTime: () => number;
  logger: Logger;
  boltLogger: BoltLogger;
}

class Refusal extends Error {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, reason: string) {
    super(reason);
    this.status = status;
    this.reason = reason;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  let body: unknown;
  try {
    if (contentType.includes('application/json')) body = JSON.parse(raw);
    else {
      const form = Object.fromEntries(new URLSearchParams(raw));
      body = typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
    }
  } catch {
    throw new Refusal(400, 'the body is not JSON or a form');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Refusal(400, 'the body is not an object');
  return body as Record<string, unknown>;
}

export class SlackRequestReceiver implements Receiver {
  readonly #deps: RequestReceiverDeps;
  #app: BoltApp | undefined;

  constructor(deps: RequestReceiverDeps) {
    this.#deps = deps;
  }

  init(app: BoltApp): void {
    this.#app = app;
  }

  /** The shared HTTP server owns the socket; there is nothing to start or stop here. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: string;
    let body: Record<string, unknown>;
    try {
      raw = await this.#read(req);
      const timestamp = this.#verify(req, raw);
      body = parseBody(raw, header(req, 'content-type') ?? '');
      const problem = incomingShapeProblem(body);
      if (problem) throw new Refusal(400, problem);
      if (!(await this.#firstTime(timestamp, raw))) {
        this.#deps.logger.info('slack: replayed request ignored', {
          kind: String(body.command ?? body.type ?? 'unknown'),
        });
        res.writeHead(200).end();
        return;
      }
    } catch (error) {
      const refusal =
        error instanceof Refusal ? error : new Refusal(400, 'the request could not be read');
      this.#deps.logger.warn('slack: request refused', {
        status: refusal.status,
        reason: refusal.reason,
      });
      if (!res.headersSent)
        res.writeHead(refusal.status, { 'content-type': 'text/plain' }).end(refusal.reason);
      return;
    }
    if (body.ssl_check === '1') {
      res.writeHead(200).end();
      return;
    }
    if (body.type === 'url_verification') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    await this.#process(req, res, raw, body);
  }

  async #read(req: IncomingMessage): Promise<string> {
    try {
      return await readBody(req, BODY_LIMIT);
    } catch (error) {
      if ((error as { status?: number }).status === 413)
        throw new Refusal(413, 'the body is too large');
      throw new Refusal(400, 'the body could not be read');
    }
  }

  /** Returns the request's timestamp once the signature and the time are right. */
  #verify(req: IncomingMessage, raw: string): number {
    const signature = header(req, 'x-slack-signature');
    const stamp = header(req, 'x-slack-request-timestamp');
    if (!signature || !stamp) throw new Refusal(401, 'no signature headers');
    const timestamp = /^\d{1,12}$/.test(stamp) ? Number(stamp) : Number.NaN;
    if (!Number.isSafeInteger(timestamp)) throw new Refusal(401, 'the timestamp is not a number');
    const now = this.#deps.requestTime();
    if (timestamp > Math.floor(now / 1000) + MAX_SKEW_SECONDS)
      throw new Refusal(401, 'the timestamp is in the future');
    try {
      verifySlackRequest({
        signingSecret: this.#deps.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: now,
      });
    } catch (error) {
      const stale = /stale/.test((error as Error).message);
      throw new Refusal(401, stale ? 'the timestamp is too old' : 'the signature does not match');
    }
    return timestamp;
  }

  /**
   * A byte-identical request (same timestamp, same body, so the same signature) is handled once,
   * across replicas; when the store cannot say, the request is handled rather than dropped.
   */
  async #firstTime(timestamp: number, raw: string): Promise<boolean> {
    const digest = createHash('sha256').update(`${timestamp}:${raw}`).digest('hex');
    try {
      return await this.#deps.store.claimEvent(
        'slack',
        `request:${digest}`,
        this.#deps.clock.now().toISOString(),
      );
    } catch (error) {
      this.#deps.logger.warn('slack: could not record a request', {
        code: describeFailure(error).code,
      });
      return true;
    }
  }

  async #process(
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    body: Record<string, unknown>,
  ): Promise<void> {
    const buffered = Object.assign(req, { rawBody: Buffer.from(raw) }) as BufferedIncomingMessage;
    const ack = new HTTPResponseAck({
      logger: this.#deps.boltLogger,
      processBeforeResponse: false,
      httpRequest: buffered,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryNum = Number(header(req, 'x-slack-retry-num'));
    const retryReason = header(req, 'x-slack-retry-reason');
    try {
      await this.#app?.processEvent({
        body,
        ack: ack.bind(),
        ...(Number.isInteger(retryNum) ? { retryNum } : {}),
        ...(retryReason ? { retryReason } : {}),
        customProperties: {},
      });
    } catch (error) {
      this.#deps.logger.error('slack: request failed', { code: describeFailure(error).code });
      if (!res.headersSent) res.writeHead(500).end();
    }
  }
}
