/** @module What every Slack listener gets from the composition root: the router, the store, time, a log and the answer queue. */
import type { Clock } from '../../core/ports/clock.ts';
import type { ConversationStore } from '../../core/ports/conversation-store.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { PlatformStateStore } from '../../core/ports/platform-state-store.ts';
import type { AnswerQueue } from '../answer-queue.ts';
import type { CommandRouter } from '../router.ts';
import type { PostRetryPolicy } from './post-parts.ts';

export interface SlackDeps {
  router: CommandRouter;
  store: Pick<ConversationStore, 'getThread'> & Pick<PlatformStateStore, 'claimEvent'>;
  clock: Clock;
  logger: Logger;
  /** Where answers wait for their turn, off the request path. */
  answers: AnswerQueue;
  /** The one retry layer's policy for posting answers (each part retried on its own). */
  postRetry: PostRetryPolicy;
}
