/** @module What the Teams turn handlers and the destination share. */
import type { Clock } from '../../core/ports/clock.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { PlatformStateStore } from '../../core/ports/platform-state-store.ts';
import type { AnswerQueue } from '../answer-queue.ts';
import type { CommandRouter } from '../router.ts';
import type { AnswerMessages } from './answer-messages.ts';
import type { ConversationRefs } from './conversation-refs.ts';
import type { Replies } from './replies.ts';
import type { RetryPolicy } from './retry.ts';

export interface TeamsDeps {
  router: CommandRouter;
  store: PlatformStateStore;
  clock: Clock;
  logger: Logger;
  retry: RetryPolicy;
  refs: ConversationRefs;
  answers: AnswerMessages;
  /** Where answers to messages wait their turn, off the request path. */
  queue: AnswerQueue;
  /** Replies sent after the turn ended. */
  replies: Replies;
}
