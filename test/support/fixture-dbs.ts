/**
 * @module Fixture databases for tests: a corpus is ingested once, at a fixed instant (never the
 * real clock, so no test depends on the calendar), and every test gets its own copy of the file.
 * The examples corpus is built once per run by `test/global-setup.ts` and shared read-only.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { inject } from 'vitest';
import { buildDb, EXAMPLES } from './build-db.ts';
import { tempDb } from './cli.ts';

export { buildDb, EXAMPLES, INGESTED_AT } from './build-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    examplesTemplate: string;
  }
}

/** A private copy of a database file (with its WAL, if any). */
export function copyDb(source: string): string {
  const copy = tempDb();
  copyFileSync(source, copy);
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(source + suffix)) copyFileSync(source + suffix, copy + suffix);
  return copy;
}

const templates = new Map<string, Promise<string>>();

/** A fresh copy of a database with `paths` ingested at INGESTED_AT; each set of paths is ingested once. */
export async function ingestedDb(...paths: string[]): Promise<string> {
  if (paths.length === 1 && paths[0] === EXAMPLES) return examplesDb();
  const key = paths.join('\n');
  let template = templates.get(key);
  if (!template) {
    template = buildDb(paths);
    templates.set(key, template);
  }
  return copyDb(await template);
}

/** A fresh copy of the examples corpus, ingested once for the whole run. */
export async function examplesDb(): Promise<string> {
  return copyDb(inject('examplesTemplate'));
}
