/**
 * `threatbrief db copy`: the examples database, with a subscription, watches, a thread, answers
 * and feedback added, goes to PostgreSQL and back to a new SQLite file without losing anything;
 * the command compares counts and content hashes, and the test reads everything back through
 * the store too. Without TEST_DATABASE_URL the round trip is SQLite to SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { openStore } from '../../src/main.ts';
import { SAMPLE_ANSWER } from '../contract/conversation-store.contract.ts';
import { alertFor, RUN } from '../contract/lease-store.contract.ts';
import { DESTINATION, SUBSCRIPTION } from '../contract/subscription-store.contract.ts';
import { cli, tempDb } from '../support/cli.ts';
import { examplesDb } from '../support/fixture-dbs.ts';
import {
  createTestSchema,
  queryIn,
  TEST_DATABASE_URL,
  type TestSchema,
} from '../support/postgres.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function open(location: string): Promise<Store> {
  const store = await openStore(
    parseConfig(
      location.startsWith('postgres') ? { DATABASE_URL: location } : { THREATBRIEF_DB: location },
    ),
  );
  cleanups.unshift(() => store.close());
  return store;
}

/** Everything the store says about its contents, through its ports. */
async function contents(store: Store) {
  const reports = await store.listReports();
  const perReport = [];
  for (const r of reports) {
    perReport.push({
      report: await store.getReport(r.id),
      passages: await store.passagesOf(r.id),
      linked: await store.linkedObjectsOf(r.id),
      mentions: await store.mentionsOf(r.id),
      claims: await store.claimsOf(r.id),
      facts: await store.factsOf(r.id),
      cluster: await store.clusterOf(r.id),
    });
  }
  const actors = await store.knownEntities(['actor', 'malware', 'cve'], 'RED');
  const entities = actors.map(({ kind, canonical }) => ({ kind, canonical }));
  return {
    perReport,
    // The entity index and story keys, which each store derives from the mentions it is given.
    entities: actors,
    mentioning: await store.reportsMentioning({ entities, clearance: 'RED' }),
    stories: await store.storyCandidates({
      entities,
      from: '1970-01-01T00:00:00Z',
      to: '2999-01-01T00:00:00Z',
      before: { ingestedAt: '2999-01-01T00:00:00Z' },
    }),
    catalog: await store.importedCatalog(),
    subscriptions: await store.listSubscriptions(),
    watches: await store.watchesFor(DESTINATION),
    clearance: await store.clearanceOf(DESTINATION),
    runs: await store.digestRuns(SUBSCRIPTION.id),
    thread: await store.getThread('slack:C1:1.0'),
    answer: await store.getAnswer('a1'),
    feedback: await store.feedbackFor('a1'),
    ref: await store.conversationRef('teams', '19:x'),
    link: await store.answerIdForMessage('teams', '19:x|1'),
  };
}

describe('db copy', () => {
  it(`moves every report, passage, entity, claim, subscription and thread to ${TEST_DATABASE_URL ? 'PostgreSQL' : 'another SQLite file'} and back`, async () => {
    const source = await examplesDb();
    const store = await open(source);
    const [first] = await store.listReports({ limit: 1 });
    await store.saveSubscription(SUBSCRIPTION);
    await store.addWatch({
      destination: DESTINATION,
      actor: 'APT29',
      createdBy: 'slack:U1',
      createdAt: RUN.claimedAt,
    });
    await store.setClearance(DESTINATION, 'AMBER', 'slack:U1', RUN.claimedAt);
    await store.claimDigestRun({ ...RUN, claimedBy: 'replica-a' });
    await store.queueAlerts([alertFor(first!.id, 'al1')]);
    await store.saveThread({
      threadId: 'slack:C1:1.0',
      subjects: ['APT29'],
      citations: [],
      digestItems: [],
      updatedAt: RUN.claimedAt,
    });
    await store.saveAnswer({
      id: 'a1',
      threadId: 'slack:C1:1.0',
      destination: 'slack:C1',
      answer: SAMPLE_ANSWER,
      createdAt: RUN.claimedAt,
    });
    await store.saveFeedback({
      answerId: 'a1',
      user: 'U1',
      rating: 'up',
      comment: 'good',
      createdAt: RUN.claimedAt,
    });
    await store.saveConversationRef('teams', '19:x', { serviceUrl: 'http://x' }, RUN.claimedAt);
    await store.linkMessage('teams', '19:x|1', 'a1', RUN.claimedAt);
    await store.claimEvent('slack', 'Ev1', RUN.claimedAt);
    const before = await contents(store);
    expect(before.perReport.length).toBeGreaterThan(5);
    expect(before.perReport.some((r) => r.claims.length > 0)).toBe(true);
    expect(before.entities.length).toBeGreaterThan(3);
    expect(before.stories.length).toBeGreaterThan(3);

    let middle = tempDb();
    let schema: TestSchema | undefined;
    if (TEST_DATABASE_URL) {
      schema = await createTestSchema();
      cleanups.push(() => schema!.drop());
      middle = schema.url;
    }
    const back = tempDb();
    const run = cli(tempDb());
    const there = await run('db', 'copy', '--from', source, '--to', middle, '--json');
    expect(there.stderr).toBe('');
    expect(there.code).toBe(0);
    const report = there.json();
    expect(report.ok).toBe(true);
    expect(report.tables.find((t: { table: string }) => t.table === 'passages').target.rows).toBe(
      before.perReport.reduce((n, r) => n + r.passages.length, 0),
    );
    const home = await run('db', 'copy', '--from', middle, '--to', back);
    expect(home.code).toBe(0);
    expect(home.stdout).toContain('every table has the same rows');
    if (schema) {
      // The copy leaves PostgreSQL's planner statistics behind, whether autovacuum runs or not.
      const stats = await queryIn(
        schema,
        `SELECT COUNT(DISTINCT tablename) AS n FROM pg_stats
         WHERE schemaname = $1 AND tablename IN ('reports', 'mentions', 'facts', 'entity_reports')`,
        [schema.name],
      );
      expect(Number(stats[0]!.n)).toBe(4);
    }

    expect(await contents(await open(middle))).toEqual(before);
    expect(await contents(await open(back))).toEqual(before);
    // The copy is searchable (PostgreSQL builds its own index from the copied passages).
    const found = await (await open(middle)).searchPassages({
      phrases: [['net', 'star']],
      match: 'all',
      limit: 50,
      clearance: 'RED',
    });
    const original = await store.searchPassages({
      phrases: [['net', 'star']],
      match: 'all',
      limit: 50,
      clearance: 'RED',
    });
    expect(new Set(found.hits.map((h) => h.passage.text))).toEqual(
      new Set(original.hits.map((h) => h.passage.text)),
    );
    expect(found.hits.length).toBeGreaterThan(0);
  });

  it('refuses a target that already holds rows, and a source file that does not exist', async () => {
    const source = await examplesDb();
    const run = cli(tempDb());
    const full = await run('db', 'copy', '--from', source, '--to', await examplesDb());
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/already holds \d+ rows in reports; copy into an empty database/);
    const missing = await run('db', 'copy', '--from', '/nonexistent/x.sqlite', '--to', tempDb());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no database file at /nonexistent/x.sqlite');
    const usage = await run('db', 'move', '--from', source, '--to', tempDb());
    expect(usage.stderr).toContain('usage: threatbrief db copy');
  });
});
