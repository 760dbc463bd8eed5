/**
 * @module The Slack app: a Bolt App on the shared HTTP server (`POST /slack/events`, Bolt's
 * HTTPReceiver verifying every signature) or over Socket Mode when SLACK_APP_TOKEN is set, with
 * the listeners registered and a ChatDestination for briefings and alerts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App as BoltApp, type webApi } from '@slack/bolt';
import { ThreatBriefError } from '../../core/errors.ts';
import type { App } from '../../main.ts';
import type { HttpRoute } from '../../serve/http-server.ts';
import { AnswerQueue } from '../answer-queue.ts';
import type { ChatPlatform } from '../platform.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerListeners } from './listeners/index.ts';
import { ignoreRedeliveries } from './middleware/ignore-redeliveries.ts';
import { InFlight } from './middleware/track-in-flight.ts';
import { DEFAULT_POST_RETRY, type PostRetryPolicy } from './post-parts.ts';
import { SlackRequestReceiver } from './request-receiver.ts';
import type { SlackDeps } from './slack-deps.ts';
import { SlackDestination } from './slack-destination.ts';
import { describeFailure } from './slack-failures.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The WebClient does not retry: post-parts.ts is the one retry layer, so a 429 is handed to it
 * (with Retry-After) instead of being waited out and re-sent underneath it.
 */
const WEB_CLIENT_NO_RETRY: webApi.RetryOptions = { retries: 0 };

export interface SlackPlatformOptions {
  /** The one retry layer's policy for answers, briefings and alerts. */
  postRetry?: PostRetryPolicy;
  /** How long one Web API call may take before it counts as lost (default 15 s). */
  clientTimeoutMs?: number;
  /** How long stop() waits for answers still being posted. */
  drainTimeoutMs?: number;
  /** Real time in ms for checking request timestamps (Slack signs with real time). */
  requestTime?: () => number;
  /** Where answers wait their turn; a queue with the default limits unless given. */
  answers?: AnswerQueue;
}

export interface SlackPlatform extends ChatPlatform {
  readonly name: 'slack';
  readonly mode: 'http' | 'socket';
  readonly destination: SlackDestination;
  readonly answers: AnswerQueue;
}

function slackSettings(app: App) {
  const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL } = app.config;
  if (!SLACK_BOT_TOKEN)
    throw new ThreatBriefError('config', 'SLACK_BOT_TOKEN: is required to run the Slack app');
  if (!SLACK_APP_TOKEN && !SLACK_SIGNING_SECRET)
    throw new ThreatBriefError(
      'config',
      'SLACK_SIGNING_SECRET: is required when Slack runs over HTTP (no SLACK_APP_TOKEN)',
    );
  return {
    token: SLACK_BOT_TOKEN,
    signingSecret: SLACK_SIGNING_SECRET,
    appToken: SLACK_APP_TOKEN,
    apiUrl: SLACK_API_URL,
  };
}

const REFUSED_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked']);

/** auth.test at start failed: a refused token is a config error, anything else a platform one. */
function startFailure(error: unknown): ThreatBriefError {
  const slackError = (error as { data?: { error?: unknown } } | null)?.data?.error;
  if (typeof slackError === 'string' && REFUSED_TOKEN.has(slackError))
    return new ThreatBriefError(
      'config',
      `SLACK_BOT_TOKEN: Slack refused the bot token (${slackError})`,
      { cause: error },
    );
  return new ThreatBriefError(
    'platform',
    `could not reach the Slack Web API (SLACK_API_URL or https://slack.com/api/): ${describeFailure(error).code}`,
    { cause: error },
  );
}

export function createSlackPlatform(app: App, options: SlackPlatformOptions = {}): SlackPlatform {
  const settings = slackSettings(app);
  const { logger } = app;
  const log = boltLogger(logger);
  const mode = settings.appToken ? 'socket' : 'http';
  const receiver =
    mode === 'http'
      ? new SlackRequestReceiver({
          signingSecret: settings.signingSecret!,
          store: app.store,
          clock: app.clock,
          requestTime: options.requestTime ?? Date.now,
          logger,
          boltLogger: log,
        })
      : undefined;
  const bolt = new BoltApp({
    token: settings.token,
    logger: log,
    clientOptions: {
      ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
      retryConfig: WEB_CLIENT_NO_RETRY,
      rejectRateLimitedCalls: true,
      timeout: options.clientTimeoutMs ?? 15_000,
    },
    // Bolt's auth.test (which tells it the bot's user and bot ids) runs in start(), where a bad
    // token can fail with a clear message instead of an unhandled rejection in the constructor.
    deferInitialization: true,
    // Thread memory is ours (the store), not Bolt's per-process conversation store.
    convoStore: false,
    ...(receiver ? { receiver } : { socketMode: true, appToken: settings.appToken }),
  });
  bolt.error(async (error) => {
    logger.error('slack: listener failed', { code: describeFailure(error).code, error });
  });

  const answers = options.answers ?? new AnswerQueue({ logger });
  const deps: SlackDeps = {
    router: app.router,
    store: app.store,
    clock: app.clock,
    logger,
    answers,
    postRetry: options.postRetry ?? DEFAULT_POST_RETRY,
  };
  const inFlight = new InFlight();
  bolt.use(inFlight.middleware());
  bolt.use(ignoreRedeliveries(deps));
  registerListeners(bolt, deps);

  let running = false;
  const routes: HttpRoute[] = receiver
    ? [
        {
          method: 'POST',
          path: SLACK_EVENTS_PATH,
          handle: (req: IncomingMessage, res: ServerResponse) => {
            if (!running) {
              res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' });
              res.end('the Slack app is not running');
              return;
            }
            // Signature, time, replay and shape are checked (a 4xx otherwise); Bolt then acks
            // and runs the listeners.
            return receiver.handle(req, res);
          },
        },
      ]
    : [];

  return {
    name: 'slack',
    mode,
    routes,
    answers,
    destination: new SlackDestination({
      client: bolt.client,
      logger,
      ...(options.postRetry ? { retry: options.postRetry } : {}),
    }),
    async start() {
      try {
        await bolt.init();
      } catch (error) {
        throw startFailure(error);
      }
      if (mode === 'socket') await bolt.start();
      running = true;
      logger.info('slack: started', { mode });
    },
    async stop() {
      if (!running) return;
      running = false;
      if (mode === 'socket') await bolt.stop();
      await inFlight.drain(options.drainTimeoutMs ?? 10_000);
      await answers.close(options.drainTimeoutMs ?? 10_000);
      logger.info('slack: stopped', { mode });
    },
  };
}
