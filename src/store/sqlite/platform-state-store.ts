/** @module PlatformStateStore on SQLite: events seen, conversation references, message-to-answer links. */
import type { PlatformStateStore } from '../../core/ports/platform-state-store.ts';
import type { SqliteDatabase } from './database.ts';

export function sqlitePlatformStateStore(db: SqliteDatabase): PlatformStateStore {
  return {
    async claimEvent(platform, eventId, at) {
      const result = db
        .statement(
          'INSERT INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(platform, eventId, at);
      return Number(result.changes) > 0;
    },

    async saveConversationRef(platform, channel, reference, at) {
      db.statement(
        `INSERT INTO conversation_refs (platform, channel, reference, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, channel) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      ).run(platform, channel, JSON.stringify(reference), at);
    },

    async conversationRef(platform, channel) {
      const row = db
        .statement('SELECT reference FROM conversation_refs WHERE platform = ? AND channel = ?')
        .get(platform, channel);
      return row ? (JSON.parse(row.reference as string) as Record<string, unknown>) : undefined;
    },

    async linkMessage(platform, messageKey, answerId, at) {
      db.statement(
        `INSERT INTO message_answers (platform, message_key, answer_id, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, message_key) DO UPDATE SET answer_id = excluded.answer_id`,
      ).run(platform, messageKey, answerId, at);
    },

    async answerIdForMessage(platform, messageKey) {
      const row = db
        .statement('SELECT answer_id FROM message_answers WHERE platform = ? AND message_key = ?')
        .get(platform, messageKey);
      return row ? (row.answer_id as string) : undefined;
    },
  };
}
