/** @module SourceStore on PostgreSQL: sources with their state, and the items each delivered. */
import type { SourceStore } from '../../core/ports/source-store.ts';
import { SOURCE_STATE_COLUMNS, stateValues, toSource } from '../source-rows.ts';
import type { PostgresDatabase } from './database.ts';

export function postgresSourceStore(db: PostgresDatabase): SourceStore {
  return {
    async addSource(source) {
      const params = [
        source.id,
        source.type,
        source.key,
        source.url,
        JSON.stringify(source.settings),
        source.enabled ? 1 : 0,
        source.addedAt,
        ...stateValues(source.state),
      ];
      const inserted = await db.run(
        `INSERT INTO sources (id, type, source_key, url, settings, enabled, added_at, ${SOURCE_STATE_COLUMNS.join(', ')})
         VALUES (${params.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
        params,
      );
      return inserted > 0 ? 'added' : 'exists';
    },
    async listSources(type) {
      const rows = type
        ? await db.rows('SELECT * FROM sources WHERE type = $1 ORDER BY added_at, id', [type])
        : await db.rows('SELECT * FROM sources ORDER BY type, added_at, id');
      return rows.map(toSource);
    },
    async findSource(ref, type) {
      const [row] = await db.rows(
        `SELECT * FROM sources WHERE (id = $1 OR source_key = $1) AND ($2::text IS NULL OR type = $2)
         ORDER BY (id = $1) DESC LIMIT 1`,
        [ref, type ?? null],
      );
      return row ? toSource(row) : undefined;
    },
    async setSourceEnabled(id, enabled) {
      return (
        (await db.run('UPDATE sources SET enabled = $1 WHERE id = $2', [enabled ? 1 : 0, id])) > 0
      );
    },
    async removeSource(id) {
      return (await db.run('DELETE FROM sources WHERE id = $1', [id])) > 0;
    },
    async saveSourceState(id, state) {
      const values = stateValues(state);
      await db.run(
        `UPDATE sources SET ${SOURCE_STATE_COLUMNS.map((c, i) => `${c} = $${i + 1}`).join(', ')}
         WHERE id = $${values.length + 1}`,
        [...values, id],
      );
    },
    async finishedItems(sourceId, keys, retryLimit) {
      if (keys.length === 0) return new Set();
      const rows = await db.rows(
        `SELECT item_key FROM source_items WHERE source_id = $1 AND item_key = ANY($2::text[])
         AND (status <> 'rejected' OR attempts >= $3)`,
        [sourceId, [...keys], retryLimit],
      );
      return new Set(rows.map((row) => row.item_key as string));
    },
    async recordItems(sourceId, outcomes) {
      await db.transaction(async (tx) => {
        for (const o of outcomes)
          await tx.run(
            `INSERT INTO source_items (source_id, item_key, status, report_id, attempts, last_error, seen_at)
             VALUES ($1, $2, $3, $4, 1, $5, $6)
             ON CONFLICT (source_id, item_key) DO UPDATE SET status = excluded.status,
               report_id = excluded.report_id, attempts = source_items.attempts + 1,
               last_error = excluded.last_error, seen_at = excluded.seen_at`,
            [sourceId, o.key, o.status, o.reportId, o.error, o.at],
          );
      });
    },
  };
}
