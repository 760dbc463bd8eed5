import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { storeContract } from '../contract/store-contract.ts';
import { newReport } from '../support/reports.ts';

const dir = mkdtempSync(join(tmpdir(), 'threatbrief-sqlite-'));
let n = 0;

storeContract({
  name: 'SQLite file',
  makeStore: async () => SqliteStore.open({ path: join(dir, `contract-${++n}.sqlite`) }),
});

describe('SQLite store specifics', () => {
  it('creates the folder, uses WAL and foreign keys, and records applied migrations once', async () => {
    const path = join(dir, 'nested', 'deeper', 'db.sqlite');
    const store = SqliteStore.open({ path });
    await store.addReport(newReport('APT29 read e-mail at Microsoft.'));
    await store.close();
    const reopened = SqliteStore.open({ path });
    expect(await reopened.countReports()).toBe(1);
    await reopened.close();
    const raw = new DatabaseSync(path);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
      n: MIGRATIONS.length,
    });
    raw.close();
  });

  it('refuses a file that is not a database with a clear error', () => {
    const path = join(dir, 'not-a-db.sqlite');
    writeFileSync(path, 'this is not sqlite at all, just text '.repeat(200));
    expect(() => SqliteStore.open({ path })).toThrow(/not a database|cannot open/);
  });
});
