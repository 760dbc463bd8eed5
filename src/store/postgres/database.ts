/**
 * @module The one PostgreSQL connection pool every role of the adapter shares: queries,
 * transactions on one pooled client, and versioned migrations applied under an advisory lock so
 * that of several replicas starting together one migrates and the others wait.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { ThreatBriefError } from '../../core/errors.ts';
import type { Row } from '../rows.ts';
import { MIGRATIONS } from './migrations.ts';

/** What a role store runs its SQL on: the pool, or one client inside a transaction. */
export interface Queryable {
  rows(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a statement; returns how many rows it touched. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

function queryable(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    async rows(sql, params = []) {
      return (await target.query(sql, params)).rows as Row[];
    },
    async run(sql, params = []) {
      return (await target.query(sql, params)).rowCount ?? 0;
    },
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}

/** A write batch: its client, on which everything run in the batch's async context goes. */
interface Batch {
  client: pg.PoolClient;
  queryable: Queryable;
}

export class PostgresDatabase implements Queryable {
  readonly #pool: pg.Pool;
  readonly #direct: Queryable;
  readonly #batch = new AsyncLocalStorage<Batch>();
  #savepoints = 0;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
    this.#direct = queryable(pool);
  }

  /** Connects, migrates, and throws a `store` error naming the server (never its password) when it cannot. */
  static async open(
    url: string,
    options: { maxConnections?: number } = {},
  ): Promise<PostgresDatabase> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 8,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    // A pooled connection the server dropped while idle is discarded by the pool; without a
    // listener its error would end the process. The next query reconnects or fails visibly.
    pool.on('error', () => {});
    const database = new PostgresDatabase(pool);
    try {
      await database.#migrate();
    } catch (error) {
      await pool.end().catch(() => {});
      throw new ThreatBriefError(
        'store',
        `cannot use the PostgreSQL database at ${redactUrl(url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return database;
  }

  /** Whether the caller runs inside a write batch (its queries go to the batch's client). */
  get inBatch(): boolean {
    return this.#batch.getStore() !== undefined;
  }

  rows(sql: string, params?: unknown[]): Promise<Row[]> {
    return (this.#batch.getStore()?.queryable ?? this.#direct).rows(sql, params);
  }

  run(sql: string, params?: unknown[]): Promise<number> {
    return (this.#batch.getStore()?.queryable ?? this.#direct).run(sql, params);
  }

  /**
   * Runs `work` in one transaction on one client; any throw rolls it back. Inside a write batch
   * it is a savepoint on the batch's client: a throw undoes its own writes and nothing else.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const batch = this.#batch.getStore();
    if (batch) {
      const name = `tb_${++this.#savepoints}`;
      await batch.client.query(`SAVEPOINT ${name}`);
      try {
        const result = await work(batch.queryable);
        await batch.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await batch.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
        await batch.client.query(`RELEASE SAVEPOINT ${name}`).catch(() => {});
        throw error;
      }
    }
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(queryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Runs `work`, which may await, in one transaction on one client: what it queries in its async
   * context goes to that client (other callers keep using the pool), each `transaction` is a
   * savepoint, and one commit ends it. What completed is committed even when `work` throws (a
   * transaction left aborted by a failed statement outside a savepoint commits nothing). A
   * batch started inside a batch joins it. `work` must not run transactions concurrently.
   */
  async batch<T>(work: () => Promise<T>): Promise<T> {
    if (this.#batch.getStore()) return work();
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      try {
        return await this.#batch.run({ client, queryable: queryable(client) }, work);
      } finally {
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  }

  /**
   * Applies missing migrations while holding an advisory lock keyed on the schema: a replica
   * starting at the same moment blocks on the lock, then finds every version recorded.
   */
  async #migrate(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query(
        "SELECT pg_advisory_lock(hashtext('threatbrief-migrations:' || current_schema()))",
      );
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
        const applied = new Set(
          (await client.query('SELECT version FROM schema_migrations')).rows.map((r) =>
            Number(r.version),
          ),
        );
        for (const migration of MIGRATIONS) {
          if (applied.has(migration.version)) continue;
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await client.query(
              'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
              [migration.version, migration.name, new Date().toISOString()],
            );
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => {});
            throw error;
          }
        }
      } finally {
        await client.query(
          "SELECT pg_advisory_unlock(hashtext('threatbrief-migrations:' || current_schema()))",
        );
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
