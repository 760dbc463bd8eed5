/**
 * Catalog sync over loopback: small files shaped like the MISP galaxy clusters and an ATT&CK-style
 * bundle (written here) are fetched, imported through the catalog importer, recorded with where they
 * came from, and left alone when nothing changed (304, or the same body again).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeWebServer } from '../../fakes/web-server.ts';
import { cli, tempDb } from '../../support/cli.ts';

function galaxy(type: string, values: { value: string; synonyms?: string[]; country?: string }[]) {
  return JSON.stringify({
    name: type,
    type,
    uuid: '7e1c2d3a-4b5c-4d6e-8f70-112233445566',
    description: `A small ${type} galaxy written for this test.`,
    values: values.map((v, i) => ({
      value: v.value,
      uuid: `aa000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      description: `${v.value}, as the test describes it.`,
      meta: { synonyms: v.synonyms ?? [], ...(v.country ? { country: v.country } : {}) },
    })),
  });
}

const ACTORS_V1 = galaxy('threat-actor', [
  { value: 'Copper Wren', synonyms: ['CW-17', 'Wren Group'], country: 'KP' },
  { value: 'Glass Heron', synonyms: ['GH-4'] },
]);
const ACTORS_V2 = galaxy('threat-actor', [
  { value: 'Copper Wren', synonyms: ['CW-17', 'Wren Group', 'TA-7711'], country: 'KP' },
  { value: 'Glass Heron', synonyms: ['GH-4'] },
]);
const RANSOMWARE = galaxy('ransomware', [{ value: 'Lockjaw Locker', synonyms: ['LJL'] }]);

describe('catalog sync over loopback', () => {
  let server: FakeWebServer;
  let actors = ACTORS_V1;
  beforeAll(async () => {
    server = await FakeWebServer.start();
    // Served as raw files are: text/plain; the actor file with an ETag that follows its content.
    server
      .route('/clusters/threat-actor.json', () => ({
        body: actors,
        type: 'text/plain; charset=utf-8',
        etag: actors === ACTORS_V1 ? '"ta-1"' : '"ta-2"',
      }))
      .route('/clusters/ransomware.json', { body: RANSOMWARE, type: 'text/plain' })
      .route('/attack/enterprise-attack.json', {
        body: readFileSync('test/fixtures/catalog/attack-mini.json'),
        type: 'application/json',
      })
      .route('/clusters/broken.json', { body: '{"values": [', type: 'application/json' });
  });
  afterAll(() => server.close());

  const urls = () => [
    server.url('/clusters/threat-actor.json'),
    server.url('/clusters/ransomware.json'),
    server.url('/attack/enterprise-attack.json'),
  ];

  it('imports what changed, says where each entry came from, and is a no-op the second time', async () => {
    const db = tempDb();
    const run = cli(db, {
      ALLOW_PRIVATE_SOURCES: '1',
      CATALOG_SYNC_URLS: urls().join(','),
    });
    const first = await run('catalog', 'sync', '--json');
    expect(first.code).toBe(0);
    expect(first.json().catalogs.map((c: { status: string }) => c.status)).toEqual([
      'updated',
      'updated',
      'updated',
    ]);
    expect(first.json().catalogs[0]).toMatchObject({ format: 'MISP galaxy', entries: 2 });

    const shown = await run('catalog', 'show', 'CW-17', '--json');
    expect(shown.code).toBe(0);
    const wren = shown.json().entries[0];
    expect(wren).toMatchObject({ name: 'Copper Wren', country: 'North Korea' });
    expect(wren.origins).toEqual([{ source: 'misp', origin: urls()[0], at: expect.any(String) }]);
    expect((await run('catalog', 'show', 'Copper Wren')).stdout).toContain(
      `from: ${urls()[0]} (misp, changed`,
    );
    expect(
      (await run('catalog', 'show', 'QH-2291', '--json')).json().entries[0].origins[0],
    ).toMatchObject({
      source: 'attack',
      origin: urls()[2],
    });

    const revision = async () => {
      const store = openSqliteStore({ path: db });
      try {
        return await store.catalogRevision();
      } finally {
        await store.close();
      }
    };
    const before = await revision();
    const second = await run('catalog', 'sync', '--json');
    expect(second.json().catalogs.map((c: { status: string }) => c.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    // The actor file answered 304; the others were fetched again and found identical.
    expect(server.hits('/clusters/threat-actor.json').at(-1)).toMatchObject({ status: 304 });
    expect(server.hits('/clusters/ransomware.json').at(-1)).toMatchObject({ status: 200 });
    expect(await revision()).toBe(before);

    actors = ACTORS_V2;
    const third = await run('catalog', 'sync', '--json');
    expect(third.json().catalogs.map((c: { status: string }) => c.status)).toEqual([
      'updated',
      'unchanged',
      'unchanged',
    ]);
    expect(await revision()).toBeGreaterThan(before);
    expect((await run('catalog', 'show', 'TA-7711', '--json')).json().entries[0].name).toBe(
      'Copper Wren',
    );
  });

  it('keeps the built-in catalog as the default, and one broken location does not stop the others', async () => {
    const db = tempDb();
    const run = cli(db, { ALLOW_PRIVATE_SOURCES: '1' });
    // Nothing synced: the built-in entry is there, and says so.
    const builtin = await run('catalog', 'show', 'APT29', '--json');
    expect(builtin.json().entries[0].origins[0]).toMatchObject({ source: 'builtin' });
    const sync = await run(
      'catalog',
      'sync',
      '--url',
      server.url('/clusters/broken.json'),
      '--url',
      server.url('/clusters/ransomware.json'),
    );
    expect(sync.code).toBe(1);
    expect(sync.stdout).toMatch(/failed +.*broken\.json: .*invalid JSON/);
    expect(sync.stdout).toMatch(/updated +.*ransomware\.json: MISP galaxy, 1 entries/);
  });
});
