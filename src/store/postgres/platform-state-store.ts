/** @module PlatformStateStore on PostgreSQL: events seen (the first insert wins across replicas), conversation references, message-to-answer links. */
import type { PlatformStateStore } from '../../core/ports/platform-state-store.ts';
import type { PostgresDatabase } from './database.ts';

export function postgresPlatformStateStore(db: PostgresDatabase): PlatformStateStore {
  return {
    async claimEvent(platform, eventId, at) {
      // Two replicas inserting the same key: the second waits on the first's row, then does nothing.
      const inserted = await db.run(
        'INSERT INTO seen_events (platform, event_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [platform, eventId, at],
      );
      return inserted > 0;
    },

    async saveConversationRef(platform, channel, reference, at) {
      await db.run(
        `INSERT INTO conversation_refs (platform, channel, reference, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, channel) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
        [platform, channel, JSON.stringify(reference), at],
      );
    },

    async conversationRef(platform, channel) {
      const [row] = await db.rows(
        'SELECT reference FROM conversation_refs WHERE platform = $1 AND channel = $2',
        [platform, channel],
      );
      return row ? (JSON.parse(row.reference as string) as Record<string, unknown>) : undefined;
    },

    async linkMessage(platform, messageKey, answerId, at) {
      await db.run(
        `INSERT INTO message_answers (platform, message_key, answer_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, message_key) DO UPDATE SET answer_id = excluded.answer_id`,
        [platform, messageKey, answerId, at],
      );
    },

    async answerIdForMessage(platform, messageKey) {
      const [row] = await db.rows(
        'SELECT answer_id FROM message_answers WHERE platform = $1 AND message_key = $2',
        [platform, messageKey],
      );
      return row ? (row.answer_id as string) : undefined;
    },
  };
}
