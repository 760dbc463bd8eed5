/** @module CatalogStore on PostgreSQL: entries upserted by (source, kind, name), each change stamped with a revision from a sequence. */
import { CatalogEntrySchema } from '../../core/analysis/catalog/catalog.ts';
import { type Tlp, tlpRank } from '../../core/model/tlp.ts';
import type { CatalogStore } from '../../core/ports/catalog-store.ts';
import { toCatalogOrigin } from '../rows.ts';
import type { PostgresDatabase } from './database.ts';

export function postgresCatalogStore(db: PostgresDatabase): CatalogStore {
  return {
    async importedCatalog(clearance) {
      return (
        await db.rows('SELECT body, tlp FROM catalog_entries WHERE tlp_rank <= $1 ORDER BY id', [
          tlpRank(clearance ?? 'RED'),
        ])
      ).map((row) =>
        CatalogEntrySchema.parse({ ...JSON.parse(row.body as string), tlp: row.tlp as Tlp }),
      );
    },

    async saveCatalogEntries(entries, origin = null) {
      // Every entry is checked before any is written, so a bad one keeps none of the batch.
      const valid = entries.map((input) => CatalogEntrySchema.parse(input));
      const now = new Date().toISOString();
      return db.transaction(async (tx) => {
        let added = 0;
        for (const entry of valid) {
          const [row] = await tx.rows(
            `INSERT INTO catalog_entries (source, kind, name, body, saved_at, revision, origin, tlp, tlp_rank)
             VALUES ($1, $2, $3, $4, $5, nextval('catalog_revisions'), $6, $7, $8)
             ON CONFLICT (source, kind, name, tlp) DO UPDATE SET body = excluded.body,
               saved_at = excluded.saved_at, revision = excluded.revision, origin = excluded.origin
             WHERE catalog_entries.body <> excluded.body
             RETURNING (xmax = 0) AS inserted`,
            [
              entry.source,
              entry.kind,
              entry.name,
              JSON.stringify(entry),
              now,
              origin,
              entry.tlp,
              tlpRank(entry.tlp),
            ],
          );
          if (row?.inserted) added++;
        }
        return added;
      });
    },

    async catalogOrigins(kind, names, clearance) {
      if (names.length === 0) return [];
      const rows = await db.rows(
        `SELECT source, name, origin, saved_at FROM catalog_entries
         WHERE kind = $1 AND name = ANY($2::text[]) AND tlp_rank <= $3 ORDER BY id`,
        [kind, [...names], tlpRank(clearance)],
      );
      return rows.map(toCatalogOrigin);
    },

    async catalogRevision() {
      const [row] = await db.rows('SELECT COALESCE(MAX(revision), 0) AS n FROM catalog_entries');
      return Number(row!.n);
    },
  };
}
