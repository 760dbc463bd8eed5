/**
 * @module Which stored answer a posted Teams message carries, so a feedback invoke can be filed.
 *
 * Teams' feedback invoke names the rated message only by its activity id (`replyToId`) and echoes
 * nothing else of it (no channelData, no card data). So when an answer is posted, the id Teams gives
 * its last message (the one with the feedback buttons) is recorded against the answer id, in the
 * shared store so any replica can file the rating.
 */
import type { Clock } from '../../core/ports/clock.ts';
import type { PlatformStateStore } from '../../core/ports/platform-state-store.ts';
import { baseConversationId } from './activity.ts';

/** Message ids are unique within a conversation; the thread suffix is dropped so both agree. */
const messageKey = (conversationId: string, messageId: string) =>
  `${baseConversationId(conversationId)}|${messageId}`;

export class AnswerMessages {
  readonly #store: PlatformStateStore;
  readonly #clock: Clock;

  constructor(store: PlatformStateStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async link(conversationId: string, messageId: string | undefined, answerId: string) {
    if (!messageId) return;
    await this.#store.linkMessage(
      'teams',
      messageKey(conversationId, messageId),
      answerId,
      this.#clock.now().toISOString(),
    );
  }

  async answerFor(conversationId: string, messageId: string): Promise<string | undefined> {
    return this.#store.answerIdForMessage('teams', messageKey(conversationId, messageId));
  }
}
