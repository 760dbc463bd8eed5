import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BUSY_MS } from '../../src/store/sqlite/database.ts';
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

/** A file as a release before migration `version` left it: the earlier migrations applied and recorded. */
function databaseBefore(path: string, version: number): DatabaseSync {
  const legacy = new DatabaseSync(path);
  legacy.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  for (const m of MIGRATIONS.filter((m) => m.version < version)) {
    legacy.exec(m.sql);
    legacy
      .prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)')
      .run(m.version, m.name, '2026-01-01T00:00:00Z');
  }
  return legacy;
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

describe('opening while another process holds the file', () => {
  it('waits longer than a write would for the lock, as for another replica migrating a large file', async () => {
    const path = join(dir, `held-${++n}.sqlite`);
    await openSqliteStore({ path }).close();
    const holder = new DatabaseSync(path);
    holder.exec('BEGIN IMMEDIATE');
    // Held past the wait of an ordinary write: an open gave up here before.
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        holder.exec('COMMIT');
        holder.close();
        resolve();
      }, BUSY_MS + 500),
    );
    await openFromThreads(path, 1);
    await released;
  }, 20_000);
});

describe('catalog markings migration', () => {
  it('labels names learned before markings were kept by the reports that carry them, RED when none does', async () => {
    const path = join(dir, `legacy-${++n}.sqlite`);
    const legacy = databaseBefore(path, 10);
    legacy.exec(`
      INSERT INTO reports (id, content_hash, title, ingested_at, tlp, tlp_rank, reliability, source_kind, text)
        VALUES ('r1', 'h1', 'Amber bundle', '2026-01-01T00:00:00Z', 'AMBER', 2, 'C', 'stix', 'Quartz Heron text');
      INSERT INTO linked_objects (report_id, stix_id, type, name, body)
        VALUES ('r1', 'intrusion-set--1', 'intrusion-set', 'Quartz Heron', '{}');
    `);
    const entry = (source: string, name: string) =>
      JSON.stringify({ kind: 'actor', name, aliases: [], source });
    const insert = legacy.prepare(
      `INSERT INTO catalog_entries (source, kind, name, body, saved_at, revision) VALUES (?, 'actor', ?, ?, '2026-01-01', 1)`,
    );
    insert.run('stix', 'Quartz Heron', entry('stix', 'Quartz Heron'));
    insert.run('stix', 'Orphan Wren', entry('stix', 'Orphan Wren'));
    insert.run('misp', 'Copper Wren', entry('misp', 'Copper Wren'));
    legacy.close();

    const store = openSqliteStore({ path });
    expect((await store.importedCatalog()).map((e) => [e.name, e.tlp])).toEqual([
      ['Quartz Heron', 'AMBER'],
      ['Orphan Wren', 'RED'],
      ['Copper Wren', 'CLEAR'],
    ]);
    await store.close();
  });
});

describe('entity index by ingest time migration', () => {
  it('keeps every entity row of an earlier database, and replacing a report analysis still updates them', async () => {
    const path = join(dir, `legacy-${++n}.sqlite`);
    const legacy = databaseBefore(path, 16);
    // Two reports naming Quartz Heron (the second twice, and the malware Slate), written as
    // version 15's writer wrote them: mentions, then one entity row per name and report.
    legacy.exec(`
      INSERT INTO reports (id, content_hash, title, published, ingested_at, tlp, tlp_rank, reliability, source_kind, text)
        VALUES ('r2', 'h2', 'Later', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z', 'CLEAR', 0, 'C', 'text', 'Quartz Heron again, Quartz Heron with Slate'),
               ('r1', 'h1', 'Earlier', NULL, '2026-01-05T00:00:00Z', 'AMBER', 2, 'C', 'text', 'Quartz Heron');
      INSERT INTO mentions (report_id, kind, canonical, canonical_key, surface, start_offset, end_offset)
        VALUES ('r1', 'actor', 'Quartz Heron', 'quartzheron', 'Quartz Heron', 0, 12),
               ('r2', 'actor', 'Quartz Heron', 'quartzheron', 'Quartz Heron', 0, 12),
               ('r2', 'actor', 'Quartz Heron', 'quartzheron', 'Quartz Heron', 20, 32),
               ('r2', 'malware', 'Slate', 'slate', 'Slate', 38, 43);
      INSERT INTO entity_reports (kind, canonical_key, report_id, canonical, mentions, tlp_rank, published, ingested_at)
        VALUES ('actor', 'quartzheron', 'r1', 'Quartz Heron', 1, 2, NULL, '2026-01-05T00:00:00Z'),
               ('actor', 'quartzheron', 'r2', 'Quartz Heron', 2, 0, '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z'),
               ('malware', 'slate', 'r2', 'Slate', 1, 0, '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z');
    `);
    legacy.close();

    const store = openSqliteStore({ path });
    const heron = [{ kind: 'actor' as const, canonical: 'quartz heron' }];
    const naming = await store.reportsMentioning({ entities: heron, clearance: 'RED' });
    expect(naming.items.map((h) => [h.report.id, h.mentions])).toEqual([
      ['r2', 2],
      ['r1', 1],
    ]);
    expect(naming.matched).toBe(2);
    const atClear = await store.reportsMentioning({ entities: heron, clearance: 'CLEAR' });
    expect([atClear.matched, atClear.withheldReports]).toEqual([1, 1]);
    expect(await store.firstMentions({ entities: heron, clearance: 'RED' })).toEqual([
      { entity: heron[0], firstIngestedAt: '2026-01-05T00:00:00Z' },
    ]);
    expect(
      (await store.knownEntities(['actor', 'malware'], 'RED')).map((k) => [k.canonical, k.reports]),
    ).toEqual([
      ['Quartz Heron', 2],
      ['Slate', 1],
    ]);
    // r2 read again names only Slate: its Quartz Heron rows go, found by report.
    await store.replaceAnalysis(
      'r2',
      {
        mentions: [{ kind: 'malware', canonical: 'Slate', surface: 'Slate', start: 38, end: 43 }],
        claims: [],
        facts: [],
      },
      'r2',
    );
    const after = await store.reportsMentioning({ entities: heron, clearance: 'RED' });
    expect(after.items.map((h) => h.report.id)).toEqual(['r1']);
    expect(
      (await store.knownEntities(['actor', 'malware'], 'RED')).map((k) => [k.canonical, k.reports]),
    ).toEqual([
      ['Quartz Heron', 1],
      ['Slate', 1],
    ]);
    expect(await store.entitiesIn(['r2', 'r1'], ['actor', 'malware'])).toEqual([
      { reportId: 'r1', kind: 'actor', canonical: 'Quartz Heron' },
      { reportId: 'r2', kind: 'malware', canonical: 'Slate' },
    ]);
    await store.close();
  });
});
