/**
 * @module The Microsoft Teams platform: botbuilder's CloudAdapter and a TeamsActivityHandler behind
 * POST /api/messages on the shared server, and a destination for proactive briefings and alerts.
 * Every botbuilder import of the project lives in this folder.
 */
import type { TurnContext } from 'botbuilder';
import type { App } from '../../main.ts';
import { AnswerQueue } from '../answer-queue.ts';
import type { ChatPlatform } from '../platform.ts';
import { AnswerMessages } from './answer-messages.ts';
import { teamsAuthentication } from './authentication.ts';
import { ThreatBriefBot } from './bot.ts';
import { ConversationRefs } from './conversation-refs.ts';
import { keepEntityProperties } from './entity-serialization.ts';
import { messagesRoute } from './messages-route.ts';
import { handleFeedback } from './on-feedback.ts';
import { handleInstall } from './on-install.ts';
import { handleMessage } from './on-message.ts';
import { runOnce } from './redelivery.ts';
import { Replies } from './replies.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry.ts';
import { TeamsDestination } from './teams-destination.ts';
import { TurnAdapter } from './turn-adapter.ts';
import type { TeamsDeps } from './turn-deps.ts';
import { turnErrorHandler } from './turn-errors.ts';

export interface TeamsPlatformOptions {
  /** Retry settings for connector calls; tests inject `sleep` and `random`. */
  retry?: Partial<RetryPolicy>;
  /** The Bot Framework's OpenID metadata (signing keys); the public cloud's unless set. */
  openIdMetadataUrl?: string;
  /** Where answers wait their turn; a queue with the default limits unless given. */
  answers?: AnswerQueue;
  /** How long stop() waits for answers still being composed or posted. */
  drainTimeoutMs?: number;
}

export interface TeamsPlatform extends ChatPlatform {
  readonly name: 'teams';
  readonly mode: 'http' | 'dev';
  readonly destination: TeamsDestination;
  readonly answers: AnswerQueue;
}

/** Throws a ThreatBriefError('config') when neither an app id nor loopback dev mode is configured. */
export function createTeamsPlatform(app: App, options: TeamsPlatformOptions = {}): TeamsPlatform {
  const { authentication, appId, mode } = teamsAuthentication(
    app.config,
    app.logger,
    options.openIdMetadataUrl ? { openIdMetadataUrl: options.openIdMetadataUrl } : {},
  );
  keepEntityProperties();
  const adapter = new TurnAdapter(authentication);
  adapter.onTurnError = turnErrorHandler(app.logger);

  const retry: RetryPolicy = {
    ...defaultRetryPolicy,
    onRetry: (info) => app.logger.warn('teams: connector refused, retrying', info),
    ...options.retry,
  };
  const queue = options.answers ?? new AnswerQueue({ logger: app.logger });
  const deps: TeamsDeps = {
    router: app.router,
    store: app.store,
    clock: app.clock,
    logger: app.logger,
    retry,
    refs: new ConversationRefs(app.store, app.clock),
    answers: new AnswerMessages(app.store, app.clock),
    queue,
    replies: new Replies(adapter, appId, retry),
  };
  const bot = new ThreatBriefBot({
    message: (context) => handleMessage(context, deps),
    installed: (context) => handleInstall(context, deps),
    feedback: (context) => handleFeedback(context, deps),
  });
  const turn = (context: TurnContext) => runOnce(context, deps, (c) => bot.run(c));

  return {
    name: 'teams',
    mode,
    answers: queue,
    routes: [messagesRoute({ adapter, authentication, logger: app.logger, logic: turn })],
    destination: new TeamsDestination({ ...deps, adapter, appId }),
    async start() {
      app.logger.info('teams: receiving activities at POST /api/messages', { mode });
    },
    async stop() {
      await queue.close(options.drainTimeoutMs ?? 10_000);
    },
  };
}
