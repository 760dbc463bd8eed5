/**
 * @module Moving a whole database between stores (SQLite file <-> PostgreSQL, either way):
 * refuses a target that holds anything, copies every table in foreign-key order in batches, then
 * reads both sides again and compares row counts and content hashes table by table.
 */
import { existsSync } from 'node:fs';
import { ThreatBriefError } from '../core/errors.ts';
import { postgresTables } from './postgres/tables.ts';
import { sqliteTables } from './sqlite/tables.ts';
import { TABLES, type TableAccess, tableHash } from './tables.ts';

const BATCH = 500;

export interface TableCheck {
  table: string;
  source: { rows: number; hash: string };
  target: { rows: number; hash: string };
  same: boolean;
}

export interface CopyProgress {
  table: string;
  /** Rows copied so far over every table, and how many there are in all. */
  done: number;
  total: number;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** Opens a database for copying: a postgres:// URL, else a SQLite file (which must exist when it is the source). */
export async function openTables(
  location: string,
  role: 'source' | 'target',
): Promise<TableAccess> {
  if (isPostgresUrl(location)) return postgresTables(location);
  if (role === 'source' && !existsSync(location))
    throw new ThreatBriefError('not_found', `no database file at ${location}`);
  return sqliteTables(location);
}

/** Row counts and content hashes of every table on both sides. */
export async function compareTables(
  source: TableAccess,
  target: TableAccess,
): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const table of TABLES) {
    const [sourceRows, targetRows, sourceHash, targetHash] = await Promise.all([
      source.count(table),
      target.count(table),
      tableHash(source, table),
      tableHash(target, table),
    ]);
    checks.push({
      table: table.name,
      source: { rows: sourceRows, hash: sourceHash },
      target: { rows: targetRows, hash: targetHash },
      same: sourceRows === targetRows && sourceHash === targetHash,
    });
  }
  return checks;
}

export async function copyDatabase(
  source: TableAccess,
  target: TableAccess,
  onProgress?: (progress: CopyProgress) => void,
): Promise<TableCheck[]> {
  for (const table of TABLES) {
    const n = await target.count(table);
    if (n > 0)
      throw new ThreatBriefError(
        'invalid_input',
        `${target.location} already holds ${n} row${n === 1 ? '' : 's'} in ${table.name}; copy into an empty database`,
      );
  }
  const counts = await Promise.all(TABLES.map((t) => source.count(t)));
  const total = counts.reduce((a, b) => a + b, 0);
  let done = 0;
  for (const table of TABLES) {
    onProgress?.({ table: table.name, done, total });
    for await (const rows of source.read(table, BATCH)) {
      await target.write(table, rows);
      done += rows.length;
      onProgress?.({ table: table.name, done, total });
    }
  }
  await target.finish();
  return compareTables(source, target);
}
