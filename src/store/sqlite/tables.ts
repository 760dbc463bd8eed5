/** @module Whole-table access to a SQLite store for `db copy`: rows read in key order, appended in batches. */
import type { TableAccess, TableRow, TableSpec } from '../tables.ts';
import { indexAllEntities } from './analysis-write-store.ts';
import { SqliteDatabase } from './database.ts';
import { indexPassages, lastPassageId } from './report-store.ts';

export function sqliteTables(path: string): TableAccess {
  const db = SqliteDatabase.open(path);
  const order = (t: TableSpec) => t.key ?? ['rowid'];
  return {
    location: path,
    async count(table) {
      return Number(db.statement(`SELECT COUNT(*) AS n FROM ${table.name}`).get()!.n);
    },
    async *read(table, batchSize) {
      const key = order(table);
      const columns = [...table.columns, ...key.map((k, i) => `${k} AS k${i}`)].join(', ');
      const first = db.statement(
        `SELECT ${columns} FROM ${table.name} ORDER BY ${key.join(', ')} LIMIT ?`,
      );
      const next = db.statement(
        `SELECT ${columns} FROM ${table.name} WHERE (${key.join(', ')}) > (${key.map(() => '?').join(', ')})
         ORDER BY ${key.join(', ')} LIMIT ?`,
      );
      let after: unknown[] | undefined;
      for (;;) {
        const rows = (
          after ? next.all(...(after as never[]), batchSize) : first.all(batchSize)
        ) as Record<string, unknown>[];
        if (rows.length === 0) return;
        yield rows.map((row) => table.columns.map((c) => row[c] ?? null));
        const last = rows.at(-1)!;
        after = key.map((_, i) => last[`k${i}`]);
        if (rows.length < batchSize) return;
      }
    },
    async write(table, rows) {
      const insert = db.statement(
        `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
      );
      // Passages are indexed for full-text search by their writers, this one included.
      const passages = table.name === 'passages';
      db.transaction(() => {
        const indexed = passages ? lastPassageId(db) : 0;
        for (const row of rows as TableRow[]) insert.run(...(row as never[]));
        if (passages) indexPassages(db, indexed);
      });
    },
    async finish() {
      // The entity index and story keys are derived from the copied mentions, as ingest does.
      db.transaction(() => indexAllEntities(db));
    },
    async close() {
      db.close();
    },
  };
}
