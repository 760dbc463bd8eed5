/**
 * The store contract on PostgreSQL (every role, and the replica races over real connections),
 * plus what only this adapter has: migrations under an advisory lock, a clear error for a
 * server it cannot reach. Runs when TEST_DATABASE_URL is set; fails when that server is down.
 */
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { type StoreHarness, storeContract, type TestDatabase } from '../contract/store-contract.ts';
import {
  createTestSchema,
  POSTGRES_SKIP_REASON,
  queryIn,
  TEST_DATABASE_URL,
} from '../support/postgres.ts';

const postgres: StoreHarness = {
  name: 'PostgreSQL',
  async freshDatabase(): Promise<TestDatabase> {
    const schema = await createTestSchema();
    const open = () => openPostgresStore({ url: schema.url, maxConnections: 4 });
    return {
      open,
      // Separate pools connecting at once: the advisory lock decides who migrates.
      openAtOnce: (n) => Promise.all(Array.from({ length: n }, open)),
      async recordedMigrations() {
        return (
          await queryIn(schema, 'SELECT version FROM schema_migrations ORDER BY version')
        ).map((row) => Number(row.version));
      },
      drop: () => schema.drop(),
    };
  },
};

if (TEST_DATABASE_URL) {
  storeContract(postgres);

  describe('PostgreSQL store specifics', () => {
    it('says which server it could not reach, without the password', async () => {
      const error = await openPostgresStore({
        url: 'postgres://someone:hunter2secret@127.0.0.1:1/nowhere',
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'store' });
      expect((error as Error).message).toContain('127.0.0.1:1/nowhere');
      expect((error as Error).message).not.toContain('hunter2secret');
    });

    it('indexes passages by their tokens, so punctuated names match as they do in SQLite', async () => {
      const schema = await createTestSchema();
      const store = await openPostgresStore({ url: schema.url });
      try {
        const rows = await queryIn(
          schema,
          `SELECT to_tsvector('english', $1) @@ phraseto_tsquery('english', 'cve 2024 3400') AS raw`,
          ['CVE-2024-3400 was exploited'],
        );
        // PostgreSQL's own parser reads "-2024" as a signed number: searching the raw text misses.
        expect(rows[0]!.raw).toBe(false);
        const { newReport } = await import('../support/reports.ts');
        const { queryPhrases } = await import('../../src/core/text/terms.ts');
        await store.addReport(newReport('Attackers exploited CVE-2024-3400 on firewalls.'));
        const found = await store.searchPassages({
          phrases: queryPhrases('CVE-2024-3400'),
          match: 'all',
          limit: 5,
          clearance: 'RED',
        });
        expect(found.hits).toHaveLength(1);
      } finally {
        await store.close();
        await schema.drop();
      }
    });
  });
} else {
  describe.skip(`PostgreSQL store (${POSTGRES_SKIP_REASON})`, () => {
    it('runs the store contract on PostgreSQL', () => {});
  });
}
