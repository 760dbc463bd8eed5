/**
 * @module PostgreSQL for tests: TEST_DATABASE_URL names the server (CI sets it); each test
 * database is a schema of its own with a random name, so parallel test files and other people's
 * runs on the same server never see each other's rows. Set but unreachable is a failure, never a skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests use, or undefined when this machine runs no PostgreSQL suite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export const POSTGRES_SKIP_REASON =
  'TEST_DATABASE_URL is not set: the PostgreSQL suites run where it is (CI sets it, see .ci/run)';

/** A database URL whose connections work in `schema` (libpq `options`, read by every pg client). */
export function urlForSchema(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function admin<T>(base: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `TEST_DATABASE_URL is set but PostgreSQL there cannot be reached: ${(error as Error).message}`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestSchema {
  name: string;
  /** DATABASE_URL for stores (and child processes) working in this schema. */
  url: string;
  drop(): Promise<void>;
}

/** A new, empty schema on the test server. */
export async function createTestSchema(base = TEST_DATABASE_URL): Promise<TestSchema> {
  if (!base) throw new Error(POSTGRES_SKIP_REASON);
  const name = `tb_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE SCHEMA ${name}`));
  return {
    name,
    url: urlForSchema(base, name),
    drop: () => admin(base, (c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => {}),
  };
}

/** Rows of a query run in `schema` (for checks the ports do not expose). */
export async function queryIn(
  schema: TestSchema,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  return admin(schema.url, async (c) => (await c.query(sql, params)).rows);
}
