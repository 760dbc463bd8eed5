/**
 * Feeds end to end over loopback HTTP: `feeds add`, two `feeds poll` runs (the RSS server answers
 * 304 the second time, the Atom server has nothing new), entry pages read as articles, the entry's
 * own text when its page is gone, and a broken feed failing alone with its error kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import {
  articlePage,
  atomFeed,
  type FakeEntry,
  jsonFeed,
  rssFeed,
} from '../../fakes/feed-documents.ts';
import { FakeWebServer } from '../../fakes/web-server.ts';
import { cli, tempDb } from '../../support/cli.ts';

const LOOPBACK = { ALLOW_PRIVATE_SOURCES: '1' };

describe('feeds over loopback', () => {
  let server: FakeWebServer;
  let rssEntries: FakeEntry[];
  let atomEntries: FakeEntry[];

  beforeAll(async () => {
    server = await FakeWebServer.start();
    rssEntries = [1, 2, 3].map((n) => ({
      id: `rss-${n}`,
      title: `Copper Wren update ${n}`,
      link: server.url(`/rss/post-${n}`),
      published: `2026-11-1${n}T08:00:00Z`,
    }));
    // The third entry's page is gone; its own content stands in.
    atomEntries = [1, 2, 3].map((n) => ({
      id: `urn:example:atom:${n}`,
      title: `Glass Heron note ${n}`,
      link: server.url(`/atom/note-${n}`),
      published: `2026-11-1${n}T10:00:00Z`,
      content:
        n === 3
          ? '<p>Glass Heron operators reused the same VPN exit nodes in note three, the entry itself says.</p>'
          : undefined,
    }));
    server
      .route('/rss.xml', {
        body: rssFeed('Example Research', rssEntries),
        type: 'application/rss+xml; charset=utf-8',
        etag: '"rss-v1"',
      })
      .route('/atom.xml', {
        body: atomFeed('Heron Watch', atomEntries),
        type: 'application/atom+xml',
      })
      .route('/broken.xml', {
        body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Half</title><item><title>cut',
        type: 'application/rss+xml',
      })
      .route('/feed.json', {
        body: jsonFeed('JSON Notes', [
          {
            id: 'j1',
            title: 'Slate Otter and the printer firmware',
            link: server.url('/json/1'),
            published: '2026-11-18T00:00:00Z',
          },
        ]),
        type: 'application/feed+json',
      });
    for (const n of [1, 2, 3])
      server.route(`/rss/post-${n}`, {
        body: articlePage(`Copper Wren update ${n}`, 'Copper Wren', n),
        type: 'text/html; charset=utf-8',
      });
    for (const n of [1, 2])
      server.route(`/atom/note-${n}`, {
        body: articlePage(`Glass Heron note ${n}`, 'Glass Heron', 10 + n),
        type: 'text/html',
      });
    server.route('/json/1', {
      body: articlePage('Slate Otter and the printer firmware', 'Slate Otter', 20),
      type: 'text/html',
    });
  });
  afterAll(() => server.close());

  it('stores each entry once across two polls: 304 from the RSS server, nothing new from the Atom one', async () => {
    const db = tempDb();
    const run = cli(db, LOOPBACK);
    const rss = await run(
      'feeds',
      'add',
      server.url('/rss.xml'),
      '--publisher',
      'Example Research',
      '--reliability',
      'B',
      '--json',
    );
    expect(rss.code).toBe(0);
    const rssId = rss.json().feed.id;
    expect((await run('feeds', 'add', server.url('/atom.xml'), '--tlp', 'green')).code).toBe(0);
    // Adding the same address again keeps one subscription.
    expect((await run('feeds', 'add', server.url('/rss.xml'))).stdout).toContain(
      `already subscribed as ${rssId}`,
    );

    const first = await run('feeds', 'poll', '--json');
    expect(first.code).toBe(0);
    // Feeds added in one instant are polled in id order: find each by address.
    type Poll = { url: string };
    const byUrl = (polls: Poll[], path: string) => polls.find((p) => p.url === server.url(path));
    const rssPoll = byUrl(first.json().feeds, '/rss.xml');
    const atomPoll = byUrl(first.json().feeds, '/atom.xml');
    expect(rssPoll).toMatchObject({ status: 'ok', entries: 3, new: 3, stored: 3, rejected: [] });
    expect(atomPoll).toMatchObject({ status: 'ok', entries: 3, new: 3, stored: 3, fromContent: 1 });

    const second = await run('feeds', 'poll', '--json');
    const rssAgain = byUrl(second.json().feeds, '/rss.xml');
    const atomAgain = byUrl(second.json().feeds, '/atom.xml');
    expect(rssAgain).toMatchObject({ status: 'not-modified', stored: 0 });
    expect(server.hits('/rss.xml').at(-1)).toMatchObject({ status: 304 });
    expect(server.hits('/rss.xml').at(-1)!.headers['if-none-match']).toBe('"rss-v1"');
    expect(atomAgain).toMatchObject({ status: 'ok', entries: 3, new: 0, stored: 0 });
    // Every page was fetched once over both polls.
    for (const n of [1, 2, 3]) expect(server.hits(`/rss/post-${n}`)).toHaveLength(1);
    for (const n of [1, 2]) expect(server.hits(`/atom/note-${n}`)).toHaveLength(1);

    const store = openSqliteStore({ path: db });
    try {
      const reports = await store.listReports();
      expect(reports).toHaveLength(6);
      const copper = reports.find((r) => r.title === 'Copper Wren update 2')!;
      expect(copper).toMatchObject({
        sourceKind: 'feed',
        publisher: 'Example Research',
        reliability: 'B',
        url: server.url('/rss/post-2'),
        origin: server.url('/rss/post-2'),
        tlp: 'CLEAR',
      });
      const fromEntry = reports.find((r) => r.title === 'Glass Heron note 3')!;
      expect(fromEntry).toMatchObject({ tlp: 'GREEN', publisher: 'Heron Watch' });
      expect((await store.getReport(fromEntry.id))!.text).toContain(
        'reused the same VPN exit nodes',
      );
      expect((await store.getReport(copper.id))!.text).toContain('signed drivers');
      expect((await store.getReport(copper.id))!.text).not.toContain('Home Blog About');
    } finally {
      await store.close();
    }

    const list = await run('feeds', 'list', '--json');
    expect(list.json().feeds.map((f: { reportsStored: number }) => f.reportsStored)).toEqual([
      3, 3,
    ]);
  });

  it("keeps a broken feed's error, backs it off, and still polls the others", async () => {
    const db = tempDb();
    const run = cli(db, LOOPBACK);
    await run('feeds', 'add', server.url('/broken.xml'), '--name', 'Half feed');
    await run('feeds', 'add', server.url('/feed.json'));
    const poll = await run('feeds', 'poll');
    expect(poll.code).toBe(1);
    expect(poll.stdout).toMatch(/failed +feed-\w+ Half feed: .*broken\.xml: broken feed/);
    expect(poll.stdout).toMatch(/JSON Notes|feed\.json: 1 entries, 1 new, 1 stored/);
    const list = await run('feeds', 'list', '--json');
    const broken = list.json().feeds.find((f: { name: string }) => f.name === 'Half feed');
    expect(broken).toMatchObject({
      failures: 1,
      lastError: expect.stringContaining('broken feed'),
    });
    expect(Date.parse(broken.nextDueAt)).toBeGreaterThan(Date.parse('2026-11-20T12:00:00Z'));
    const text = await run('feeds', 'list');
    expect(text.stdout).toMatch(/failing \(1x/);
  });

  it('refuses loopback feeds unless ALLOW_PRIVATE_SOURCES is set', async () => {
    const run = cli(tempDb());
    await run('feeds', 'add', server.url('/rss.xml'));
    const poll = await run('feeds', 'poll', '--json');
    expect(poll.code).toBe(1);
    expect(poll.json().feeds[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('it is a loopback address'),
    });
  });

  it('lists the starter feeds off until enabled, and enables them by id', async () => {
    const run = cli(tempDb(), LOOPBACK);
    const starter = await run('feeds', 'starter', '--json');
    expect(starter.json().starter.length).toBeGreaterThanOrEqual(10);
    expect(starter.json().starter.every((s: { enabled: boolean }) => !s.enabled)).toBe(true);
    expect((await run('feeds', 'list')).stdout).toMatch(
      /no feeds yet\n\d+ starter feeds not enabled/,
    );
    const enabled = await run('feeds', 'enable', '--starter', 'unit42', 'talos', '--json');
    expect(enabled.json().feeds).toEqual([
      { id: 'unit42', status: 'added' },
      { id: 'talos', status: 'added' },
    ]);
    await run('feeds', 'disable', 'talos');
    const list = (await run('feeds', 'list', '--json')).json().feeds;
    // Added in one instant, listed by id.
    expect(list.map((f: { id: string; enabled: boolean }) => [f.id, f.enabled])).toEqual([
      ['talos', false],
      ['unit42', true],
    ]);
    expect((await run('feeds', 'remove', 'unit42')).stdout).toContain('removed unit42');
    expect((await run('feeds', 'remove', 'nope')).code).toBe(2);
  });
});
