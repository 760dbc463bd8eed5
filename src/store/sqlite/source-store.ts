/** @module SourceStore on SQLite: sources with their state, and the items each delivered. */
import type { SourceStore } from '../../core/ports/source-store.ts';
import type { Row } from '../rows.ts';
import { SOURCE_STATE_COLUMNS, stateValues, toSource } from '../source-rows.ts';
import type { SqliteDatabase } from './database.ts';

/** Keys asked about per statement, well under SQLite's limit on bound values. */
const KEYS_PER_QUERY = 500;

export function sqliteSourceStore(db: SqliteDatabase): SourceStore {
  return {
    async addSource(source) {
      const result = db
        .statement(
          `INSERT INTO sources (id, type, source_key, url, settings, enabled, added_at, ${SOURCE_STATE_COLUMNS.join(', ')})
           VALUES (?, ?, ?, ?, ?, ?, ?, ${SOURCE_STATE_COLUMNS.map(() => '?').join(', ')})
           ON CONFLICT DO NOTHING`,
        )
        .run(
          source.id,
          source.type,
          source.key,
          source.url,
          JSON.stringify(source.settings),
          source.enabled ? 1 : 0,
          source.addedAt,
          ...stateValues(source.state),
        );
      return Number(result.changes) > 0 ? 'added' : 'exists';
    },
    async listSources(type) {
      const rows = type
        ? db.statement('SELECT * FROM sources WHERE type = ? ORDER BY added_at, id').all(type)
        : db.statement('SELECT * FROM sources ORDER BY type, added_at, id').all();
      return (rows as Row[]).map(toSource);
    },
    async findSource(ref, type) {
      const row = db
        .statement(
          `SELECT * FROM sources WHERE (id = ? OR source_key = ?) AND (? IS NULL OR type = ?)
           ORDER BY id = ? DESC LIMIT 1`,
        )
        .get(ref, ref, type ?? null, type ?? null, ref);
      return row ? toSource(row as Row) : undefined;
    },
    async setSourceEnabled(id, enabled) {
      const result = db
        .statement('UPDATE sources SET enabled = ? WHERE id = ?')
        .run(enabled ? 1 : 0, id);
      return Number(result.changes) > 0;
    },
    async removeSource(id) {
      return Number(db.statement('DELETE FROM sources WHERE id = ?').run(id).changes) > 0;
    },
    async saveSourceState(id, state) {
      db.statement(
        `UPDATE sources SET ${SOURCE_STATE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
      ).run(...stateValues(state), id);
    },
    async finishedItems(sourceId, keys, retryLimit) {
      const done = new Set<string>();
      for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
        const chunk = keys.slice(i, i + KEYS_PER_QUERY);
        const rows = db
          .prepare(
            `SELECT item_key FROM source_items WHERE source_id = ? AND item_key IN (${chunk.map(() => '?').join(', ')})
             AND (status <> 'rejected' OR attempts >= ?)`,
          )
          .all(sourceId, ...chunk, retryLimit) as Row[];
        for (const row of rows) done.add(row.item_key as string);
      }
      return done;
    },
    async recordItems(sourceId, outcomes) {
      const upsert = db.statement(
        `INSERT INTO source_items (source_id, item_key, status, report_id, attempts, last_error, seen_at)
         VALUES (?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (source_id, item_key) DO UPDATE SET status = excluded.status,
           report_id = excluded.report_id, attempts = source_items.attempts + 1,
           last_error = excluded.last_error, seen_at = excluded.seen_at`,
      );
      db.transaction(() => {
        for (const o of outcomes) upsert.run(sourceId, o.key, o.status, o.reportId, o.error, o.at);
      });
    },
  };
}
