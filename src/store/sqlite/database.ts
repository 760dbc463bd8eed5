/**
 * @module The one SQLite handle every role of the adapter shares: opening (WAL, foreign keys, a
 * busy timeout so a second process waits instead of failing), cached statements, transactions,
 * and versioned migrations applied under the database's write lock.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { ThreatBriefError } from '../../core/errors.ts';
import { MIGRATIONS } from './migrations.ts';

/** How long a process waits for another one's lock on the file before giving up. */
export const BUSY_MS = 5000;
/**
 * How long opening waits for the lock to migrate: another process may be migrating the same file,
 * and rebuilding a table of a large database takes seconds (the entity index of 100,000 reports,
 * about six).
 */
const MIGRATION_WAIT_MS = 120_000;
/** Page cache per connection, in KiB. */
const CACHE_KB = 32 * 1024;

/**
 * Runs `work`, retrying while another process holds the file's lock. Switching a new file to WAL
 * needs the lock and does not wait for it by itself (the busy timeout does not cover it), so a
 * replica opening a new file just after another one would fail without this.
 */
function whenUnlocked(work: () => void): void {
  const deadline = performance.now() + BUSY_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      work();
      return;
    } catch (error) {
      const busy = /locked|busy/i.test((error as Error).message);
      if (!busy || performance.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

export class SqliteDatabase {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  /** Whether a write batch's transaction is open. */
  #inBatch = false;
  /** Resolves when the open batch ends. */
  #batchEnded: Promise<void> | undefined;
  /** Set in the async context of a batch's work. */
  readonly #batchFlow = new AsyncLocalStorage<true>();
  #savepoints = 0;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Opens (creating the file and its folder) and migrates; throws a `store` error a user can act on. */
  static open(path: string): SqliteDatabase {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: BUSY_MS });
      whenUnlocked(() => db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;'));
      // Index pages written at random places (mentions, entities, full text) outgrow the default
      // 2 MB page cache early; re-reading them from the file was a third of the CPU of storing a
      // report in a database of 10,000 reports.
      db.exec(`PRAGMA cache_size = -${CACHE_KB}`);
    } catch (error) {
      throw new ThreatBriefError(
        'store',
        `cannot open the database at ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const database = new SqliteDatabase(db);
    try {
      database.#migrate();
    } catch (error) {
      db.close();
      throw new ThreatBriefError(
        'store',
        `cannot open the database at ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return database;
  }

  /** A prepared statement, prepared once per handle. */
  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** A statement used once (its SQL varies with the number of values asked for). */
  prepare(sql: string): StatementSync {
    return this.#db.prepare(sql);
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /**
   * Runs `work` inside BEGIN IMMEDIATE ... COMMIT: the write lock is taken first, so another
   * process writing at the same time waits for it; any throw rolls everything back.
   */
  transaction<T>(work: () => T): T {
    if (this.#inBatch) return this.#savepoint(work);
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Inside a write batch a transaction is a savepoint: a throw undoes its own writes and nothing
   * else. `work` is synchronous, so savepoints never interleave.
   */
  #savepoint<T>(work: () => T): T {
    const name = `tb_${++this.#savepoints}`;
    this.#db.exec(`SAVEPOINT ${name}`);
    try {
      const result = work();
      this.#db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.#db.exec(`ROLLBACK TO ${name}`);
      this.#db.exec(`RELEASE ${name}`);
      throw error;
    }
  }

  /**
   * Runs `work`, which may await, inside one write transaction (BEGIN IMMEDIATE ... COMMIT), so
   * many small transactions cost one commit: each `transaction` meanwhile is a savepoint in it.
   * On this one handle whatever else is written meanwhile joins the batch, and reads see the
   * batch's writes. What `work` completed is committed even when it throws (each savepoint is
   * whole on its own); a crash loses the open batch and leaves the file as it was before it.
   * `beforeCommit` runs last inside the transaction; when it throws, the whole batch is undone.
   */
  async batch<T>(work: () => Promise<T>, beforeCommit?: () => void): Promise<T> {
    // A batch started from inside one joins it (the outer one's `beforeCommit` covers it); one
    // started by another flow waits for the open one to end.
    if (this.#batchFlow.getStore()) return work();
    while (this.#batchEnded) await this.#batchEnded;
    let ended = () => {};
    this.#batchEnded = new Promise<void>((resolve) => {
      ended = resolve;
    });
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      this.#inBatch = true;
      let outcome: { value: T } | { error: unknown };
      try {
        outcome = { value: await this.#batchFlow.run(true, work) };
      } catch (error) {
        outcome = { error };
      } finally {
        this.#inBatch = false;
      }
      try {
        // What must be written with the batch (an index of what it stored) is, or nothing is.
        beforeCommit?.();
        this.#db.exec('COMMIT');
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw error;
      }
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    } finally {
      this.#batchEnded = undefined;
      ended();
    }
  }

  /** Whether a write batch is open on this handle. */
  get inBatch(): boolean {
    return this.#inBatch;
  }

  /**
   * Applies the migrations this file lacks, all in one write transaction: a replica opening the
   * same file at the same time waits on the lock (up to MIGRATION_WAIT_MS, not the few seconds
   * other writes wait), then finds them recorded and applies nothing.
   */
  #migrate(): void {
    this.#db.exec(`PRAGMA busy_timeout = ${MIGRATION_WAIT_MS}`);
    try {
      this.#applyMigrations();
    } finally {
      this.#db.exec(`PRAGMA busy_timeout = ${BUSY_MS}`);
    }
  }

  #applyMigrations(): void {
    this.transaction(() => {
      this.#db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const applied = new Set(
        this.#db
          .prepare('SELECT version FROM schema_migrations')
          .all()
          .map((row) => Number(row.version)),
      );
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        this.#db.exec(migration.sql);
        this.#db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, new Date().toISOString());
      }
    });
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }
}
