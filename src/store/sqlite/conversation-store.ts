/** @module ConversationStore on SQLite: thread memory, answers given, feedback. */
import { ThreatBriefError } from '../../core/errors.ts';
import { AnswerSchema } from '../../core/model/answer.ts';
import { ThreadContextSchema } from '../../core/model/thread.ts';
import type { ConversationStore, FeedbackRecord } from '../../core/ports/conversation-store.ts';
import type { Row } from '../rows.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteConversationStore(db: SqliteDatabase): ConversationStore {
  return {
    async getThread(threadId) {
      const row = db.statement('SELECT context FROM threads WHERE thread_id = ?').get(threadId);
      return row ? ThreadContextSchema.parse(JSON.parse(row.context as string)) : undefined;
    },

    async saveThread(context) {
      db.statement(
        `INSERT INTO threads (thread_id, context, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (thread_id) DO UPDATE SET context = excluded.context, updated_at = excluded.updated_at`,
      ).run(context.threadId, JSON.stringify(context), context.updatedAt);
    },

    async saveAnswer(record) {
      db.statement(
        'INSERT INTO answers (id, thread_id, destination, answer, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(
        record.id,
        record.threadId,
        record.destination,
        JSON.stringify(record.answer),
        record.createdAt,
      );
    },

    async getAnswer(id) {
      const row = db.statement('SELECT * FROM answers WHERE id = ?').get(id);
      if (!row) return undefined;
      return {
        id: row.id as string,
        threadId: (row.thread_id as string | null) ?? null,
        destination: row.destination as string,
        answer: AnswerSchema.parse(JSON.parse(row.answer as string)),
        createdAt: row.created_at as string,
      };
    },

    async saveFeedback(feedback) {
      try {
        db.statement(
          `INSERT INTO feedback (answer_id, user_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, user_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
             created_at = excluded.created_at`,
        ).run(
          feedback.answerId,
          feedback.user,
          feedback.rating,
          feedback.comment,
          feedback.createdAt,
        );
      } catch (error) {
        throw new ThreatBriefError('not_found', `no answer ${feedback.answerId} to rate`, {
          cause: error,
        });
      }
    },

    async feedbackFor(answerId) {
      return (
        db
          .statement('SELECT * FROM feedback WHERE answer_id = ? ORDER BY created_at, user_id')
          .all(answerId) as Row[]
      ).map((row) => ({
        answerId: row.answer_id as string,
        user: row.user_id as string,
        rating: row.rating as FeedbackRecord['rating'],
        comment: (row.comment as string | null) ?? null,
        createdAt: row.created_at as string,
      }));
    },
  };
}
