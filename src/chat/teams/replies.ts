/**
 * @module Replies sent after the turn has ended: the answer to a message is composed off the
 * request path, so the turn's context is gone by then; the conversation reference of the message
 * is continued instead, and the reply goes under that message as an in-turn reply would.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { TeamsMessage } from '../render/adaptive-card.ts';
import type { RetryPolicy } from './retry.ts';
import { sendMessages } from './send-messages.ts';

export class Replies {
  readonly #adapter: CloudAdapter;
  readonly #appId: string;
  readonly #retry: RetryPolicy;

  constructor(adapter: CloudAdapter, appId: string, retry: RetryPolicy) {
    this.#adapter = adapter;
    this.#appId = appId;
    this.#retry = retry;
  }

  /** Sends the messages in order under the message `reference` names; returns their ids. */
  async send(
    reference: Partial<ConversationReference>,
    messages: readonly TeamsMessage[],
  ): Promise<string[]> {
    let ids: string[] = [];
    let failure: { error: unknown } | undefined;
    // The adapter would hand an error thrown in here to onTurnError, which only logs it.
    await this.#adapter.continueConversationAsync(this.#appId, reference, async (context) => {
      // The continuation activity has an id of its own, which botbuilder would reply to; the
      // reply belongs under the message that asked.
      const replyToId = reference.activityId;
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) {
          if (replyToId) activity.replyToId = replyToId;
          else delete activity.replyToId;
        }
        return next();
      });
      try {
        ids = await sendMessages(context, messages, this.#retry);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    return ids;
  }
}
