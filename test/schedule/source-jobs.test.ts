/**
 * Source jobs across replicas: two processes' schedulers on one database fire at the same minute;
 * the feed poll runs once, the next firing runs again (and gets a 304), a failing job is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { NodeCronCalendar } from '../../src/schedule/node-cron-calendar.ts';
import { type NamedJob, SourceJobs } from '../../src/schedule/source-jobs.ts';
import { pollFeeds } from '../../src/sources/feeds/feed-poller.ts';
import { addFeed } from '../../src/sources/feeds/feed-sources.ts';
import { WebClient } from '../../src/sources/web/web-client.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { articlePage, rssFeed } from '../fakes/feed-documents.ts';
import { FakeWebServer } from '../fakes/web-server.ts';
import { tempDb } from '../support/cli.ts';

describe('source jobs on two replicas', () => {
  let server: FakeWebServer;
  const path = tempDb();
  const stores: Store[] = [];
  const webs: WebClient[] = [];
  const clock = fixedClock('2026-11-20T12:00:20Z');

  beforeAll(async () => {
    server = await FakeWebServer.start();
    server.route('/feed.xml', {
      body: rssFeed(
        'Example Research',
        [1, 2].map((n) => ({
          id: `e${n}`,
          title: `Copper Wren update ${n}`,
          link: server.url(`/post-${n}`),
          published: '2026-11-19T08:00:00Z',
        })),
      ),
      type: 'application/rss+xml',
      etag: '"v1"',
    });
    for (const n of [1, 2])
      server.route(`/post-${n}`, {
        body: articlePage(`Copper Wren update ${n}`, 'Copper Wren', n),
        type: 'text/html',
      });
  });
  afterAll(async () => {
    for (const w of webs) await w.close();
    for (const s of stores) await s.close();
    await server.close();
  });

  /** One replica: its own store connection, web client and scheduler, with a feed-poll job. */
  async function replica(name: string, extra: NamedJob[] = []) {
    const store = openSqliteStore({ path });
    stores.push(store);
    const web = new WebClient({
      policy: { allowPrivate: true, trustedHosts: [] },
      timeoutMs: 5_000,
      maxBytes: 1024 * 1024,
    });
    webs.push(web);
    const deps = {
      store,
      clock,
      analysis: await AnalysisService.load(store),
      web,
      logger: silentLogger,
      defaultTlp: 'CLEAR' as const,
    };
    const feedPoll: NamedJob = {
      name: 'feed-poll',
      cron: '*/30 * * * *',
      async run() {
        const results = await pollFeeds(deps, { dueOnly: true });
        return results.map((r) => `${r.status} ${r.stored}`).join(', ');
      },
    };
    const jobs = new SourceJobs({
      store,
      calendar: new NodeCronCalendar(),
      clock,
      logger: silentLogger,
      instanceId: name,
      jobs: [feedPoll, ...extra],
    });
    return { store, jobs, feedPoll };
  }

  it('polls once per firing however many replicas fire, and records a failing job', async () => {
    const a = await replica('a');
    const broken: NamedJob = {
      name: 'catalog-sync',
      cron: '0 * * * *',
      run: () => Promise.reject(new Error('catalog location unreachable')),
    };
    const b = await replica('b', [broken]);
    await addFeed(a.store, server.url('/feed.xml'), {}, clock.now());

    // Both fire for 12:00 at the same moment: one polls, the other finds it claimed.
    const outcomes = await Promise.all([a.jobs.runDue(a.feedPoll), b.jobs.runDue(b.feedPoll)]);
    expect(outcomes.sort()).toEqual(['claimed-elsewhere', 'done']);
    expect(server.hits('/feed.xml')).toHaveLength(1);
    expect(server.hits('/post-1')).toHaveLength(1);
    expect(await a.store.countReports()).toBe(2);
    // A late tick for the same firing does nothing.
    expect(await a.jobs.runDue(a.feedPoll)).toBe('claimed-elsewhere');

    // The 12:30 firing runs again, on whichever replica gets there first; the feed is unchanged.
    clock.set('2026-11-20T12:30:05Z');
    expect(await b.jobs.runDue(b.feedPoll)).toBe('done');
    expect(await a.jobs.runDue(a.feedPoll)).toBe('claimed-elsewhere');
    expect(server.hits('/feed.xml').map((h) => h.status)).toEqual([200, 304]);
    const runs = await a.store.jobRuns('feed-poll', 10);
    expect(runs.map((r) => [r.slot, r.status, r.summary])).toEqual([
      ['2026-11-20T12:30:00.000Z', 'done', 'not-modified 0'],
      ['2026-11-20T12:00:00.000Z', 'done', 'ok 2'],
    ]);

    expect(await b.jobs.runDue(broken)).toBe('failed');
    expect((await a.store.jobRuns('catalog-sync', 1))[0]).toMatchObject({
      status: 'failed',
      summary: 'catalog location unreachable',
      claimedBy: 'b',
    });
  });
});
