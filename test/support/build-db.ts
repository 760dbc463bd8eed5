/** @module Builds a fixture database: a corpus ingested at a fixed instant, never the real clock. */
import { join } from 'node:path';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { cli, TEST_NOW, tempDb } from './cli.ts';

export const EXAMPLES = join(import.meta.dirname, '../../examples/reports');

/** When fixture corpora were "ingested": the day before the briefings the tests schedule. */
export const INGESTED_AT = TEST_NOW;

/** Ingests `paths` into a new database at `at`; throws with the CLI's message when anything is rejected. */
export async function buildDb(paths: string[], at = INGESTED_AT): Promise<string> {
  const db = tempDb();
  const run = await cli(db, {}, fixedClock(at))('ingest', ...paths);
  if (run.code !== 0) throw new Error(`ingest failed: ${run.stderr}`);
  return db;
}
