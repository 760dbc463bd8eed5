/**
 * Replicas agree on the catalog: names one process learns from a STIX bundle are saved in the
 * store, and another process sharing the store picks them up on its next refresh (serve does it
 * on every scheduler poll), on SQLite and, where TEST_DATABASE_URL is set, on PostgreSQL.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { ingestDocuments } from '../../src/core/ingest/ingest-documents.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { fileDocuments } from '../../src/sources/files/file-documents.ts';
import { TEST_NOW, tempDb } from '../support/cli.ts';
import { createTestSchema, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from '../support/postgres.ts';

const BUNDLE = join(import.meta.dirname, '../fixtures/ingest/bundle-learned-alias.json');
const apps: App[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function replica(env: Record<string, string>): Promise<App> {
  const app = await openApp({
    config: parseConfig(env),
    clock: fixedClock(TEST_NOW),
    logger: silentLogger,
  });
  apps.push(app);
  return app;
}

async function learnedOnOneSeenOnTheOther(env: Record<string, string>): Promise<void> {
  const a = await replica(env);
  const b = await replica(env);
  expect(b.analysis.catalog.find('QH-2291', 'actor')).toBeUndefined();
  expect(await b.analysis.refresh(b.store)).toBe(false);
  const summary = await ingestDocuments(
    { store: a.store, clock: a.clock, analysis: a.analysis },
    await fileDocuments([BUNDLE], { maxBytes: 1_000_000 }),
    { defaultTlp: 'CLEAR' },
  );
  expect(summary.ingested).toBe(1);
  expect(a.analysis.catalog.find('QH-2291', 'actor')?.name).toBe('Quartz Heron');
  // The other replica knows nothing until it refreshes; then it reads the alias the same way.
  expect(b.analysis.catalog.find('QH-2291', 'actor')).toBeUndefined();
  expect(await b.analysis.refresh(b.store)).toBe(true);
  expect(b.analysis.catalog.find('QH-2291', 'actor')?.name).toBe('Quartz Heron');
  expect(await b.analysis.refresh(b.store)).toBe(false);
  const mentions = b.analysis
    .analyze({ text: 'QH-2291 sent more lures to ministries.' })
    .mentions.filter((m) => m.kind === 'actor');
  expect(mentions.map((m) => m.canonical)).toEqual(['Quartz Heron']);
}

describe('catalog shared by replicas', () => {
  it('SQLite: a name learned by one process is picked up by another on refresh', async () => {
    await learnedOnOneSeenOnTheOther({ THREATBRIEF_DB: tempDb() });
  });

  it.skipIf(!TEST_DATABASE_URL)(
    `PostgreSQL: a name learned by one replica is picked up by another on refresh${TEST_DATABASE_URL ? '' : ` (${POSTGRES_SKIP_REASON})`}`,
    async () => {
      const schema = await createTestSchema();
      cleanups.push(() => schema.drop());
      await learnedOnOneSeenOnTheOther({ DATABASE_URL: schema.url });
    },
  );
});
