/** @module Whole-table access to a PostgreSQL store for `db copy`: rows read in key order, appended in multi-row inserts. */
import type { TableAccess, TableRow, TableSpec } from '../tables.ts';
import { PostgresDatabase, redactUrl } from './database.ts';
import { insertPassages } from './report-store.ts';

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

export async function postgresTables(url: string): Promise<TableAccess> {
  const db = await PostgresDatabase.open(url, { maxConnections: 2 });
  const order = (t: TableSpec) => t.key ?? ['id'];
  return {
    location: redactUrl(url),
    async count(table) {
      const [row] = await db.rows(`SELECT COUNT(*) AS n FROM ${table.name}`);
      return Number(row!.n);
    },
    async *read(table, batchSize) {
      const key = order(table);
      const columns = [...table.columns, ...key.map((k, i) => `${k} AS k${i}`)].join(', ');
      let after: unknown[] | undefined;
      for (;;) {
        const where = after
          ? `WHERE (${key.join(', ')}) > (${key.map((_, i) => `$${i + 1}`).join(', ')})`
          : '';
        const params = [...(after ?? []), batchSize];
        const rows = await db.rows(
          `SELECT ${columns} FROM ${table.name} ${where} ORDER BY ${key.join(', ')} LIMIT $${params.length}`,
          params,
        );
        if (rows.length === 0) return;
        yield rows.map((row) => table.columns.map((c) => row[c] ?? null));
        const last = rows.at(-1)!;
        after = key.map((_, i) => last[`k${i}`]);
        if (rows.length < batchSize) return;
      }
    },
    async write(table, rows) {
      if (table.name === 'passages') {
        // Passages also need their search vector, built as the store builds it.
        await insertPassages(
          db,
          rows.map(([reportId, seq, start, end, text]) => ({
            reportId: reportId as string,
            seq: Number(seq),
            start: Number(start),
            end: Number(end),
            text: text as string,
          })),
        );
        return;
      }
      const width = table.columns.length;
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
      for (let i = 0; i < rows.length; i += perStatement) {
        const chunk = rows.slice(i, i + perStatement) as TableRow[];
        const values = chunk
          .map((_, r) => `(${table.columns.map((_, c) => `$${r * width + c + 1}`).join(', ')})`)
          .join(', ');
        await db.run(
          `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${values}`,
          chunk.flat().map((v) => (typeof v === 'bigint' ? Number(v) : v)),
        );
      }
    },
    async finish() {
      // The next catalog save must stamp a revision above every copied one.
      await db.run(
        `SELECT setval('catalog_revisions', GREATEST((SELECT COALESCE(MAX(revision), 0) FROM catalog_entries), 1),
           (SELECT COUNT(*) > 0 FROM catalog_entries))`,
      );
      // Planner statistics now, not whenever autovacuum comes by (or never, where it is off):
      // without them `ask` over 100,000 copied reports took 220 ms at the median instead of 33.
      await db.run('ANALYZE');
    },
    close: () => db.close(),
  };
}
