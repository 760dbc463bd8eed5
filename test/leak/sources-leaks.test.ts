/**
 * The leak suite for material that arrives by itself: restricted pages behind an RSS feed, a
 * TAXII collection with a RED report and a CLEAR report quoting a RED intrusion-set, and pages an
 * admin hands over with `ingest URL` in chat. Once polled, nothing of them reaches a destination
 * below their label, and the `ingest URL` reply names no restricted title.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { type Tlp, tlpRank } from '../../src/core/model/tlp.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { rssFeed } from '../fakes/feed-documents.ts';
import { FakeTaxiiServer } from '../fakes/taxii-server.ts';
import { FakeWebServer } from '../fakes/web-server.ts';
import { cli } from '../support/cli.ts';
import { copyDb, ingestedDb } from '../support/fixture-dbs.ts';
import { BASE, CLEARANCES, type LeakFixture, leaksIn } from './leak-fixtures.ts';

const NOW = '2026-11-20T13:00:00Z';
const LOOPBACK = { ALLOW_PRIVATE_SOURCES: '1', ADMIN_USERS: 'slack:UADMIN' };
const RESTRICTED = join(import.meta.dirname, 'fixtures', 'restricted');
const RED_MARKING = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';

const source = (f: Omit<LeakFixture, 'secrets' | 'file'> & { file: string; more: string[] }) => ({
  ...f,
  secrets: [f.name, f.marker, ...f.more],
});

/** Restricted material delivered by a feed, a TAXII collection, or an address given in chat. */
const SOURCED: (LeakFixture & { via: 'feed' | 'taxii' | 'url' })[] = [
  {
    ...source({
      file: 'feed: page with a TLP:RED banner',
      tlp: 'RED',
      style: 'feed entry page, visible banner',
      name: 'Gravel Harrier',
      marker: 'WINKLEPOD',
      more: ['Gravel Harrier sighting'],
    }),
    via: 'feed',
  },
  {
    ...source({
      file: 'feed: page saying TLP:AMBER in its text',
      tlp: 'AMBER',
      style: 'feed entry page, label in the text',
      name: 'Chalk Vireo',
      marker: 'DOODLEMAST',
      more: ['Chalk Vireo sighting'],
    }),
    via: 'feed',
  },
  {
    ...source({
      file: 'taxii: RED report',
      tlp: 'RED',
      style: 'TAXII report marked RED',
      name: 'Slate Warbler',
      marker: 'GRUMBLEFIZZ',
      more: ['Slate Warbler at the mint'],
    }),
    via: 'taxii',
  },
  {
    ...source({
      file: 'taxii: CLEAR report quoting a RED intrusion-set',
      tlp: 'RED',
      style: 'TAXII report quoting a RED object (partial)',
      name: 'Tin Grackle',
      marker: 'SQUONKLET',
      more: ['Customs systems probed', 'TG-31'],
    }),
    via: 'taxii',
  },
  ...[
    [
      'red/red-first-line.txt',
      'text/plain',
      'RED',
      'Sable Wyvern',
      'PLUMBRATTLE',
      'Sable Wyvern internal assessment',
    ],
    [
      'amber/banner.html',
      'text/html',
      'AMBER',
      'Cinder Lynx',
      'SNORKELVANE',
      'Cinder Lynx activity note',
    ],
    [
      'amber/amber-whole.md',
      'text/markdown',
      'AMBER',
      'Tawny Basilisk',
      'MUDLARKSON',
      'regional airline',
    ],
    [
      'red/in-text-partial.md',
      'text/markdown',
      'RED',
      'Umber Gecko',
      'SPINDLEGROAT',
      'logistics firms',
    ],
    [
      'strict/classification.md',
      'text/markdown',
      'AMBER+STRICT',
      'Gilded Marmot',
      'WOBBLECRANE',
      'grain exporters',
    ],
  ].map(([file, type, tlp, name, marker, more]) => ({
    ...source({
      file: file!,
      tlp: tlp as Tlp,
      style: `ingest URL (${type})`,
      name: name!,
      marker: marker!,
      more: [more!],
    }),
    via: 'url' as const,
    type: type!,
  })),
];

const above = (clearance: Tlp) => SOURCED.filter((f) => tlpRank(f.tlp) > tlpRank(clearance));
const PATHS: [string, (f: LeakFixture) => string][] = [
  ['actor NAME', (f) => `actor ${f.name}`],
  ['search MARKER', (f) => `search ${f.marker}`],
  ['ask MARKER', (f) => `what is ${f.marker}?`],
  ['digest now', () => 'digest now'],
];

let web: FakeWebServer;
let taxii: FakeTaxiiServer;
let app: App;
let db: string;
const cases = new Set<string>();

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>${body}</article></body></html>`;
}

beforeAll(async () => {
  web = await FakeWebServer.start();
  web
    .route('/feed/red', {
      type: 'text/html',
      body: page(
        'Gravel Harrier sighting',
        '<div class="banner">TLP:RED</div><p>The Gravel Harrier group was seen inside a port authority; its implant answers to WINKLEPOD. The Gravel Harrier group left again within a day.</p>',
      ),
    })
    .route('/feed/amber', {
      type: 'text/html',
      body: page(
        'Chalk Vireo sighting',
        '<p>TLP:AMBER. The Chalk Vireo group phished a university; the kit is called DOODLEMAST. The Chalk Vireo group reused older lures.</p>',
      ),
    })
    .route('/feed.xml', {
      type: 'application/rss+xml',
      body: rssFeed('Sightings', [
        {
          id: 'red',
          title: 'Gravel Harrier sighting',
          link: web.url('/feed/red'),
          published: '2026-11-20T08:00:00Z',
        },
        {
          id: 'amber',
          title: 'Chalk Vireo sighting',
          link: web.url('/feed/amber'),
          published: '2026-11-20T08:00:00Z',
        },
      ]),
    });
  for (const f of SOURCED.filter((s) => s.via === 'url'))
    web.route(`/page/${f.file}`, {
      type: (f as { type?: string }).type ?? 'text/plain',
      body: readFileSync(join(RESTRICTED, f.file), 'utf8'),
    });

  taxii = await FakeTaxiiServer.start({ collection: 'leak', token: 'leak-token', pageSize: 10 });
  const id = (type: string, n: number) => `${type}--0000000${n}-0000-4000-8000-00000000000${n}`;
  const grackle = {
    type: 'intrusion-set',
    spec_version: '2.1',
    id: id('intrusion-set', 2),
    created: '2026-11-19T00:00:00.000Z',
    modified: '2026-11-19T00:00:00.000Z',
    name: 'Tin Grackle',
    aliases: ['TG-31'],
    description: 'The Tin Grackle group probed customs systems with a scanner it calls SQUONKLET.',
    object_marking_refs: [RED_MARKING],
  };
  taxii.add(
    '2026-11-20T00:00:00.000Z',
    {
      type: 'report',
      spec_version: '2.1',
      id: id('report', 1),
      created: '2026-11-19T00:00:00.000Z',
      modified: '2026-11-19T00:00:00.000Z',
      published: '2026-11-19T00:00:00.000Z',
      name: 'Slate Warbler at the mint',
      description:
        'The Slate Warbler group stole coin designs from a national mint with a tool called GRUMBLEFIZZ.',
      object_marking_refs: [RED_MARKING],
    },
    grackle,
    {
      type: 'report',
      spec_version: '2.1',
      id: id('report', 3),
      created: '2026-11-19T00:00:00.000Z',
      modified: '2026-11-19T00:00:00.000Z',
      published: '2026-11-19T00:00:00.000Z',
      name: 'Customs systems probed',
      description: 'Customs systems in two countries were probed in November.',
      object_refs: [grackle.id],
    },
  );

  db = copyDb(await ingestedDb(BASE));
  const run = cli(db, LOOPBACK, fixedClock(NOW));
  expect((await run('feeds', 'add', web.url('/feed.xml'))).code).toBe(0);
  expect((await run('feeds', 'poll')).code).toBe(0);
  expect(
    (await run('taxii', 'add', taxii.apiRoot, '--collection', 'leak', '--token', 'leak-token'))
      .code,
  ).toBe(0);
  expect((await run('taxii', 'pull')).code).toBe(0);
  app = await openApp({
    config: parseConfig({ THREATBRIEF_DB: db, ...LOOPBACK }),
    clock: fixedClock(NOW),
    logger: silentLogger,
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await web?.close();
  await taxii?.close();
});

const at = (clearance: Tlp) => ({
  platform: 'slack',
  channel: `C${tlpRank(clearance)}`,
  clearance,
});

describe('polled and fetched material below its label', () => {
  it('an admin ingesting an address in a channel below its label sees no title or word of it', async () => {
    for (const clearance of CLEARANCES) {
      for (const f of above(clearance).filter((s) => s.via === 'url')) {
        // First the store, then "already stored": both replies are checked.
        for (let round = 0; round < 2; round++) {
          const text = `ingest ${web.url(`/page/${f.file}`)}`;
          const { answer } = await app.router.route({
            text,
            destination: at(clearance),
            user: 'slack:UADMIN',
          });
          expect(leaksIn(JSON.stringify(answer), clearance), `${f.file} at ${clearance}`).toEqual(
            [],
          );
          expect(f.secrets.filter((s) => JSON.stringify(answer).includes(s))).toEqual([]);
          cases.add(`ingest URL\u0000${clearance}\u0000${f.file}`);
        }
      }
    }
  });

  it('what feeds, TAXII and chat brought in stays above every lower clearance', async () => {
    for (const clearance of CLEARANCES) {
      for (const f of above(clearance)) {
        for (const [path, command] of PATHS) {
          const text = command(f);
          const { answer } = await app.router.route({ text, destination: at(clearance) });
          const said = JSON.stringify(answer);
          const found = f.secrets.filter((s) => !text.includes(s) && said.includes(s));
          expect(found, `${text} at ${clearance} (${f.file})`).toEqual([]);
          expect(leaksIn(said, clearance, text)).toEqual([]);
          cases.add(`${f.via} ${path}\u0000${clearance}\u0000${f.file}`);
        }
      }
    }
  });

  it('is not vacuous: at TLP:RED each of them is found', async () => {
    for (const f of SOURCED) {
      const { answer } = await app.router.route({
        text: `search ${f.marker}`,
        destination: at('RED'),
      });
      expect(JSON.stringify(answer), f.file).toContain(f.marker);
    }
  });

  it('counted its cases', () => {
    const pairs = CLEARANCES.flatMap((c) => above(c).map((f) => ({ c, f })));
    const urlPairs = pairs.filter((p) => p.f.via === 'url').length;
    expect(cases.size).toBe(urlPairs + PATHS.length * pairs.length);
  });
});
