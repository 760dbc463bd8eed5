/**
 * @module Feed poll benchmark: `node bench/feeds.ts [--feeds 20] [--entries 50] [--store sqlite|postgres]`.
 * Serves that many RSS feeds on loopback, each entry linking to an article page of its own, adds
 * them to a fresh database and polls them all once (every page fetched, read and stored with its
 * analysis), then once more (every feed answers 304). Prints wall time, reports stored per second
 * and the process's peak resident memory and heap.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports/clock.ts';
import { silentLogger } from '../src/core/ports/logger.ts';
import { openApp } from '../src/main.ts';
import { pollFeeds } from '../src/sources/feeds/feed-poller.ts';
import { addFeed } from '../src/sources/feeds/feed-sources.ts';
import { articlePage, rssFeed } from '../test/fakes/feed-documents.ts';
import { tempDb } from '../test/support/cli.ts';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '20' },
    entries: { type: 'string', default: '50' },
  },
});
const feeds = Number(values.feeds);
const entries = Number(values.entries);

const ACTORS = [
  'Copper Wren',
  'Glass Heron',
  'Slate Otter',
  'APT29',
  'Volt Typhoon',
  'Lazarus Group',
];

let port = 0;
const link = (f: number, e: number) => `http://127.0.0.1:${port}/f${f}/post-${e}`;
const feedXml = new Map<number, string>();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://loopback');
  const feed = /^\/f(\d+)\/feed\.xml$/.exec(url.pathname);
  if (feed) {
    const f = Number(feed[1]);
    const etag = `"feed-${f}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(feedXml.get(f));
    return;
  }
  const post = /^\/f(\d+)\/post-(\d+)$/.exec(url.pathname);
  if (post) {
    const f = Number(post[1]);
    const e = Number(post[2]);
    const seed = f * 1000 + e;
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(articlePage(`Update ${seed}`, ACTORS[seed % ACTORS.length]!, seed));
    return;
  }
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
port = (server.address() as AddressInfo).port;
for (let f = 0; f < feeds; f++)
  feedXml.set(
    f,
    rssFeed(
      `Feed ${f}`,
      Array.from({ length: entries }, (_, e) => ({
        id: `f${f}-e${e}`,
        title: `Update ${f * 1000 + e}`,
        link: link(f, e),
        published: '2026-11-19T08:00:00Z',
      })),
    ),
  );

const db = tempDb();
const app = await openApp({
  config: parseConfig({ THREATBRIEF_DB: db, ALLOW_PRIVATE_SOURCES: '1' }),
  clock: fixedClock('2026-11-20T12:00:00Z'),
  logger: silentLogger,
});
for (let f = 0; f < feeds; f++)
  await addFeed(app.store, `http://127.0.0.1:${port}/f${f}/feed.xml`, {}, app.clock.now());

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rssBefore = process.memoryUsage().rss;
let heapPeak = 0;
const sampler = setInterval(() => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}, 50);

let started = performance.now();
const first = await pollFeeds(app.sources, { dueOnly: false });
const firstMs = performance.now() - started;
started = performance.now();
const second = await pollFeeds(app.sources, { dueOnly: false });
const secondMs = performance.now() - started;
clearInterval(sampler);

const stored = first.reduce((n, r) => n + r.stored, 0);
const failed =
  first.filter((r) => r.status === 'failed').length +
  first.reduce((n, r) => n + r.rejected.length, 0);
console.log(`feed poll: ${feeds} feeds x ${entries} entries on loopback (${app.store.kind})`);
console.log(
  `  first poll   ${(firstMs / 1000).toFixed(1)} s, ${stored} reports stored (${(stored / (firstMs / 1000)).toFixed(0)}/s), ${failed} failed`,
);
console.log(
  `  second poll  ${secondMs.toFixed(0)} ms, ${second.filter((r) => r.status === 'not-modified').length} of ${feeds} feeds answered 304`,
);
console.log(
  `  memory       peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (${mb(rssBefore)} before polling), peak heap used ${mb(heapPeak)}`,
);
await app.close();
server.close();
