/**
 * @module Teams conversation references in the shared store: saved on install and on the first
 * message, one per destination (team channel or chat), read back for proactive briefings and alerts.
 */
import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Clock } from '../../core/ports/clock.ts';
import type { PlatformStateStore } from '../../core/ports/platform-state-store.ts';
import { destinationKey, isChannelConversation, type TeamsActivity } from './activity.ts';

/** What posting needs back; the rest of the stored reference is kept as botbuilder wrote it. */
const StoredReferenceSchema = z.looseObject({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().nullish(),
  }),
});
export type StoredReference = z.infer<typeof StoredReferenceSchema> &
  Partial<ConversationReference>;

export class ConversationRefs {
  readonly #store: PlatformStateStore;
  readonly #clock: Clock;

  constructor(store: PlatformStateStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * Keeps the reference of the destination, not of one message: a channel's is pointed at the
   * channel itself (no thread, no message to reply to), so a later post can start a new thread.
   */
  async save(activity: TeamsActivity, reference: Partial<ConversationReference>): Promise<void> {
    const key = destinationKey(activity);
    const { activityId: _message, ...rest } = reference;
    const conversation = isChannelConversation(activity)
      ? { ...reference.conversation, id: key }
      : reference.conversation;
    const plain = JSON.parse(JSON.stringify({ ...rest, conversation })) as Record<string, unknown>;
    await this.#store.saveConversationRef('teams', key, plain, this.#clock.now().toISOString());
  }

  async saveIfNew(activity: TeamsActivity, reference: Partial<ConversationReference>) {
    if (!(await this.#store.conversationRef('teams', destinationKey(activity))))
      await this.save(activity, reference);
  }

  async load(channel: string): Promise<StoredReference | undefined> {
    const stored = await this.#store.conversationRef('teams', channel);
    if (!stored) return undefined;
    const parsed = StoredReferenceSchema.safeParse(stored);
    return parsed.success ? (parsed.data as StoredReference) : undefined;
  }
}
