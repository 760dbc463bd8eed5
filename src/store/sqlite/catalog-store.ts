/** @module CatalogStore on SQLite: imported and learned catalog entries, upserted by (source, kind, name). */
import { CatalogEntrySchema } from '../../core/analysis/catalog/catalog.ts';
import { type Tlp, tlpRank } from '../../core/model/tlp.ts';
import type { CatalogStore } from '../../core/ports/catalog-store.ts';
import { type Row, toCatalogOrigin } from '../rows.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteCatalogStore(db: SqliteDatabase): CatalogStore {
  return {
    async importedCatalog(clearance) {
      return (
        db
          .statement('SELECT body, tlp FROM catalog_entries WHERE tlp_rank <= ? ORDER BY id')
          .all(tlpRank(clearance ?? 'RED')) as Row[]
      ).map((row) =>
        CatalogEntrySchema.parse({ ...JSON.parse(row.body as string), tlp: row.tlp as Tlp }),
      );
    },

    async saveCatalogEntries(entries, origin = null) {
      const now = new Date().toISOString();
      const upsert = db.statement(
        `INSERT INTO catalog_entries (source, kind, name, body, saved_at, revision, origin, tlp, tlp_rank)
         VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(revision), 0) + 1 FROM catalog_entries), ?, ?, ?)
         ON CONFLICT (source, kind, name, tlp) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at,
           revision = excluded.revision, origin = excluded.origin
         WHERE catalog_entries.body <> excluded.body`,
      );
      const exists = db.statement(
        'SELECT 1 FROM catalog_entries WHERE source = ? AND kind = ? AND name = ? AND tlp = ?',
      );
      return db.transaction(() => {
        let added = 0;
        for (const input of entries) {
          const entry = CatalogEntrySchema.parse(input);
          if (!exists.get(entry.source, entry.kind, entry.name, entry.tlp)) added++;
          upsert.run(
            entry.source,
            entry.kind,
            entry.name,
            JSON.stringify(entry),
            now,
            origin,
            entry.tlp,
            tlpRank(entry.tlp),
          );
        }
        return added;
      });
    },

    async catalogOrigins(kind, names, clearance) {
      if (names.length === 0) return [];
      const rows = db
        .prepare(
          `SELECT source, name, origin, saved_at FROM catalog_entries
           WHERE kind = ? AND name IN (${names.map(() => '?').join(', ')}) AND tlp_rank <= ?
           ORDER BY id`,
        )
        .all(kind, ...names, tlpRank(clearance)) as Row[];
      return rows.map(toCatalogOrigin);
    },

    async catalogRevision() {
      return Number(
        db.statement('SELECT COALESCE(MAX(revision), 0) AS n FROM catalog_entries').get()!.n,
      );
    },
  };
}
