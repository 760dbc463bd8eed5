import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { type StoreHarness, storeContract, type TestDatabase } from '../contract/store-contract.ts';
import { newReport } from '../support/reports.ts';

const dir = mkdtempSync(join(tmpdir(), 'threatbrief-sqlite-'));
let n = 0;

/** Opens the file from `count` worker threads at once, so their migrations race on the file lock. */
async function openFromThreads(path: string, count: number): Promise<void> {
  const gate = new SharedArrayBuffer(4);
  const workers = Array.from(
    { length: count },
    () =>
      new Worker(new URL('./sqlite-open-worker.ts', import.meta.url), {
        workerData: { path, gate },
      }),
  );
  const message = (w: Worker) =>
    new Promise<string>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  try {
    await Promise.all(workers.map(message));
    const results = workers.map(message);
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    const outcomes = await Promise.all(results);
    const failed = outcomes.filter((o) => o !== 'opened');
    if (failed.length) throw new Error(`a replica could not open the database: ${failed[0]}`);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

const sqliteFile: StoreHarness = {
  name: 'SQLite file',
  async freshDatabase(): Promise<TestDatabase> {
    const path = join(dir, `contract-${++n}.sqlite`);
    return {
      open: async () => openSqliteStore({ path }),
      async openAtOnce(count) {
        await openFromThreads(path, count);
        return Array.from({ length: count }, () => openSqliteStore({ path }));
      },
      async recordedMigrations() {
        const raw = new DatabaseSync(path);
        try {
          return raw
            .prepare('SELECT version FROM schema_migrations ORDER BY version')
            .all()
            .map((row) => Number(row.version));
        } finally {
          raw.close();
        }
      },
      async drop() {
        for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      },
    };
  },
};

storeContract(sqliteFile);

describe('SQLite store specifics', () => {
  it('creates the folder, uses WAL and foreign keys, and records applied migrations once', async () => {
    const path = join(dir, 'nested', 'deeper', 'db.sqlite');
    const store = openSqliteStore({ path });
    await store.addReport(newReport('APT29 read e-mail at Microsoft.'));
    await store.close();
    const reopened = openSqliteStore({ path });
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
    expect(() => openSqliteStore({ path })).toThrow(/not a database|cannot open/);
  });
});
