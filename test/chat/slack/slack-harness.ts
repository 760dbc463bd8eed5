/**
 * @module The Slack app on loopback for tests: a temp database (the examples corpus ingested once
 * per file and copied per test), the fake Web API, the platform's route on the shared HTTP
 * server, and senders that sign requests the way Slack does.
 */
import { createHmac } from 'node:crypto';
import type { AnswerQueue } from '../../../src/chat/answer-queue.ts';
import { type BriefingCommands, CommandRouter } from '../../../src/chat/router.ts';
import type { PostRetryPolicy } from '../../../src/chat/slack/post-parts.ts';
import { createSlackPlatform, type SlackPlatform } from '../../../src/chat/slack/slack-platform.ts';
import { parseConfig } from '../../../src/config.ts';
import type { ThreadContext } from '../../../src/core/model/thread.ts';
import type { AnswerEngine } from '../../../src/core/ports/answer-engine.ts';
import { type Clock, fixedClock } from '../../../src/core/ports/clock.ts';
import { createLogger } from '../../../src/logging.ts';
import { type App, openApp } from '../../../src/main.ts';
import { type RunningServer, startHttpServer } from '../../../src/serve/http-server.ts';
import { FakeSlackWebApi } from '../../fakes/slack-web-api.ts';
import { EXAMPLES, ingestedDb } from '../../support/fixture-dbs.ts';

export { EXAMPLES, ingestedDb };
export const SIGNING_SECRET = 'test-signing-secret-5f2b9c';
export const BOT_TOKEN = 'xoxb-111-222-testtokenvalue';
export const NOW = '2025-10-05T09:00:00.000Z';

export function sign(
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  secret = SIGNING_SECRET,
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

export interface HarnessOptions {
  db?: string;
  env?: Record<string, string>;
  clock?: Clock;
  briefings?: BriefingCommands;
  postRetry?: PostRetryPolicy;
  /** How long a Web API call may take before it counts as lost. */
  clientTimeoutMs?: number;
  /** How long close() waits for answers still being posted (default 3 s). */
  drainTimeoutMs?: number;
  /** Wraps the answer engine the router uses (a slow or gated engine). */
  engine?: (engine: AnswerEngine) => AnswerEngine;
  /** The answer queue (tight limits, to see the bot say it is busy). */
  answers?: AnswerQueue;
}

export interface SentRequest {
  status: number;
  body: string;
  ms: number;
}

export class SlackHarness {
  readonly fake: FakeSlackWebApi;
  readonly app: App;
  readonly platform: SlackPlatform;
  readonly server: RunningServer;
  /** Every log line written, to check that no secret ever reaches the log. */
  readonly logs: string[];
  #events = 0;

  private constructor(parts: {
    fake: FakeSlackWebApi;
    app: App;
    platform: SlackPlatform;
    server: RunningServer;
    logs: string[];
  }) {
    this.fake = parts.fake;
    this.app = parts.app;
    this.platform = parts.platform;
    this.server = parts.server;
    this.logs = parts.logs;
  }

  static async start(options: HarnessOptions = {}): Promise<SlackHarness> {
    const fake = await FakeSlackWebApi.start();
    const logs: string[] = [];
    const config = parseConfig({
      THREATBRIEF_DB: options.db ?? (await ingestedDb(EXAMPLES)),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      ...options.env,
    });
    let app = await openApp({
      config,
      clock: options.clock ?? fixedClock(NOW),
      logger: createLogger(config.LOG_LEVEL, (line) => logs.push(line)),
    });
    if (options.briefings || options.engine) app = withRouter(app, options);
    const platform = createSlackPlatform(app, {
      // A failure surfaces at once unless a test passes the retries it wants to see.
      postRetry: options.postRetry ?? { attempts: 1, delayMs: () => 0, sleep: async () => {} },
      ...(options.clientTimeoutMs ? { clientTimeoutMs: options.clientTimeoutMs } : {}),
      drainTimeoutMs: options.drainTimeoutMs ?? 3000,
      ...(options.answers ? { answers: options.answers } : {}),
    });
    await platform.start();
    const server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: platform.routes,
      health: () => ({ ok: true }),
    });
    return new SlackHarness({ fake, app, platform, server, logs });
  }

  get eventsUrl(): string {
    return `http://127.0.0.1:${this.server.port}/slack/events`;
  }

  async post(
    body: string,
    contentType: string,
    headers: Record<string, string> = sign(body),
  ): Promise<SentRequest> {
    const started = performance.now();
    const response = await fetch(this.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text, ms: performance.now() - started };
  }

  /** A `/threat` slash command, form-encoded and signed as Slack sends it. */
  command(
    text: string,
    options: { user?: string; channel?: string; headers?: Record<string, string> } = {},
  ): Promise<SentRequest> {
    const body = commandBody(text, { ...options, responseUrl: this.fake.responseUrl() });
    return this.post(body, 'application/x-www-form-urlencoded', options.headers ?? sign(body));
  }

  /** An Events API envelope around `event`, as JSON. */
  event(
    event: Record<string, unknown>,
    options: { eventId?: string; retryNum?: number } = {},
  ): Promise<SentRequest> {
    this.#events += 1;
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: 'T0TEST',
      api_app_id: 'A0TEST',
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${String(this.#events).padStart(6, '0')}`,
      event_time: 1_700_000_000,
      event,
    });
    // Slack signs a redelivery anew, so its timestamp differs from the first delivery's.
    const headers = sign(body, Math.floor(Date.now() / 1000) + (options.retryNum ?? 0));
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return this.post(body, 'application/json', headers);
  }

  /** An interactivity payload (block_actions), form-encoded as `payload=<json>`. */
  action(payload: Record<string, unknown>): Promise<SentRequest> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded');
  }

  /** The thread a post started, once the platform has remembered it (right after the post). */
  async thread(threadId: string, timeoutMs = 1000): Promise<ThreadContext> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const thread = await this.app.store.getThread(threadId);
      if (thread) return thread;
      if (Date.now() > deadline) throw new Error(`thread ${threadId} was never remembered`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    await this.platform.stop();
    await this.server.close();
    await this.app.close();
    await this.fake.close();
  }
}

export function commandBody(
  text: string,
  options: { user?: string; channel?: string; responseUrl?: string } = {},
): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0TEST',
    team_domain: 'threatbrief-test',
    channel_id: options.channel ?? 'C0SOC',
    channel_name: 'soc',
    user_id: options.user ?? 'U0ANALYST',
    user_name: 'analyst',
    command: '/threat',
    text,
    api_app_id: 'A0TEST',
    response_url: options.responseUrl ?? 'http://127.0.0.1:9/respond',
    trigger_id: '1.2.3',
  }).toString();
}

/** A channel message by a person, as the Events API sends it. */
export function channelMessage(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    channel: 'C0SOC',
    channel_type: 'channel',
    user: 'U0ANALYST',
    ts: '1700000100.000100',
    event_ts: '1700000100.000100',
    ...fields,
  };
}

/** The App with its router rebuilt as openApp builds it, around another engine or with briefings. */
function withRouter(app: App, options: HarnessOptions): App {
  const { config } = app;
  const engine = options.engine ? options.engine(app.engine) : app.engine;
  return {
    ...app,
    engine,
    router: new CommandRouter({
      store: app.store,
      engine,
      clock: app.clock,
      ...(options.briefings ? { briefings: options.briefings } : {}),
      admins: config.ADMIN_USERS,
      clearances: {
        channel: config.CHANNEL_CLEARANCE,
        direct: config.DM_CLEARANCE,
        byDestination: config.CHANNEL_CLEARANCES,
      },
    }),
  };
}
