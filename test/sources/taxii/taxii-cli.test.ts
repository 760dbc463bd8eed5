/**
 * TAXII 2.1 over loopback: a collection served in pages is pulled completely; the next pull asks
 * from where the last one ended and stores only what is new; groupings (MISP events) become
 * reports; credentials are sent and never shown.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStixBundle } from '../../../src/sources/files/formats/stix.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeTaxiiServer } from '../../fakes/taxii-server.ts';
import { cli, tempDb } from '../../support/cli.ts';

const LOOPBACK = { ALLOW_PRIVATE_SOURCES: '1' };
const TOKEN = 'taxii-secret-7f3a';
const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function intrusionSet(name: string, aliases: string[]) {
  return {
    type: 'intrusion-set',
    spec_version: '2.1',
    id: `intrusion-set--${uuid()}`,
    created: '2026-11-01T00:00:00.000Z',
    modified: '2026-11-01T00:00:00.000Z',
    name,
    aliases,
    description: `${name} is an espionage cluster tracked in this test.`,
  };
}

function report(name: string, description: string, refs: string[], extra = {}) {
  return {
    type: 'report',
    spec_version: '2.1',
    id: `report--${uuid()}`,
    created: '2026-11-02T00:00:00.000Z',
    modified: '2026-11-02T00:00:00.000Z',
    published: '2026-11-02T00:00:00.000Z',
    name,
    description,
    object_refs: refs,
    ...extra,
  };
}

describe('TAXII 2.1 collections over loopback', () => {
  let server: FakeTaxiiServer;
  beforeAll(async () => {
    server = await FakeTaxiiServer.start({ collection: 'c-91', token: TOKEN, pageSize: 3 });
    const wren = intrusionSet('Copper Wren', ['CW-17']);
    const heron = intrusionSet('Glass Heron', []);
    server.add(
      '2026-11-10T00:00:00.000Z',
      wren,
      report(
        'Copper Wren targets ministries',
        'Copper Wren (CW-17) sent lures to foreign ministries in October.',
        [wren.id],
      ),
    );
    server.add(
      '2026-11-11T00:00:00.000Z',
      heron,
      report('Glass Heron tooling', 'Glass Heron used a new tunnelling tool on VPN appliances.', [
        heron.id,
      ]),
      {
        type: 'grouping',
        spec_version: '2.1',
        id: `grouping--${uuid()}`,
        created: '2026-11-11T06:00:00.000Z',
        modified: '2026-11-11T06:00:00.000Z',
        name: 'MISP event: phishing wave against ports',
        description: 'A phishing wave against port operators, shared by a member as a MISP event.',
        context: 'suspicious-activity',
        object_refs: [wren.id],
        object_marking_refs: [AMBER],
      },
    );
  });
  afterAll(() => server.close());

  it('pulls every page the first time and only what was added since the next time', async () => {
    const db = tempDb();
    const run = cli(db, LOOPBACK);
    const added = await run(
      'taxii',
      'add',
      server.apiRoot,
      '--collection',
      'c-91',
      '--token',
      TOKEN,
      '--publisher',
      'Sharing Community',
      '--reliability',
      'C',
      '--json',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain(TOKEN);
    const id = added.json().collection.id;

    const first = await run('taxii', 'pull', '--json');
    expect(first.code).toBe(0);
    expect(first.json().collections[0]).toMatchObject({
      status: 'ok',
      pages: 2,
      objects: 5,
      reports: 3,
      stored: 3,
      addedAfter: '2026-11-11T00:00:00.000Z',
    });
    const firstRequests = server.requests.splice(0);
    expect(firstRequests.map((r) => r.query.get('next'))).toEqual([null, '3']);
    expect(firstRequests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(firstRequests[0]!.accept).toBe('application/taxii+json;version=2.1');
    expect(firstRequests[0]!.query.get('added_after')).toBeNull();

    // Nothing new: one request from the cursor, nothing stored.
    const idle = await run('taxii', 'pull', id, '--json');
    expect(idle.json().collections[0]).toMatchObject({ pages: 1, objects: 0, stored: 0 });
    expect(server.requests.splice(0)[0]!.query.get('added_after')).toBe('2026-11-11T00:00:00.000Z');

    const otter = intrusionSet('Slate Otter', ['SO-4']);
    server.add(
      '2026-11-12T00:00:00.000Z',
      otter,
      report(
        'Slate Otter returns',
        'Slate Otter (SO-4) came back with printer firmware implants.',
        [otter.id],
      ),
    );
    const second = await run('taxii', 'pull', '--json');
    expect(second.json().collections[0]).toMatchObject({
      pages: 1,
      objects: 2,
      reports: 1,
      stored: 1,
      addedAfter: '2026-11-12T00:00:00.000Z',
    });

    const store = openSqliteStore({ path: db });
    try {
      const reports = await store.listReports();
      expect(reports.map((r) => r.title).sort()).toEqual([
        'Copper Wren targets ministries',
        'Glass Heron tooling',
        'MISP event: phishing wave against ports',
        'Slate Otter returns',
      ]);
      expect(reports.every((r) => r.sourceKind === 'stix' && r.reliability === 'C')).toBe(true);
      const grouping = reports.find((r) => r.title.startsWith('MISP event'))!;
      expect(grouping).toMatchObject({ tlp: 'AMBER', publisher: 'Sharing Community' });
      // The intrusion set travelled with its report, so its alias is known.
      expect((await store.importedCatalog()).some((e) => e.aliases.includes('SO-4'))).toBe(true);
    } finally {
      await store.close();
    }

    const list = await run('taxii', 'list');
    expect(list.stdout).toContain('auth token');
    expect(list.stdout).not.toContain(TOKEN);
    const json = await run('taxii', 'list', '--json');
    expect(json.stdout).not.toContain(TOKEN);
  });

  it("keeps a refused pull as the collection's error, without the credentials", async () => {
    const run = cli(tempDb(), LOOPBACK);
    await run(
      'taxii',
      'add',
      server.apiRoot,
      '--collection',
      'c-91',
      '--user',
      'alice',
      '--password',
      'pw-9q',
    );
    const pull = await run('taxii', 'pull');
    expect(pull.code).toBe(1);
    expect(pull.stdout).toMatch(/failed .*HTTP 401/);
    const list = await run('taxii', 'list', '--json');
    expect(list.json().collections[0]).toMatchObject({ auth: 'basic (user alice)', failures: 1 });
    expect(list.stdout + pull.stdout).not.toContain('pw-9q');
  });
});

describe('STIX groupings', () => {
  it('become reports in file ingestion too', () => {
    const bundle = JSON.parse(readFileSync('test/fixtures/ingest/bundle-two-reports.json', 'utf8'));
    const grouping = {
      type: 'grouping',
      spec_version: '2.1',
      id: 'grouping--5a2c1e9b-2f3d-4c1e-9a1b-7d6e5f4c3b2a',
      created: '2026-10-01T00:00:00.000Z',
      modified: '2026-10-01T00:00:00.000Z',
      context: 'malware-analysis',
      description: 'Samples shared after the incident, grouped for analysis.',
      object_refs: [],
    };
    const drafts = parseStixBundle({ ...bundle, objects: [...bundle.objects, grouping] });
    expect(drafts.at(-1)).toMatchObject({
      title: 'Grouping (malware-analysis)',
      published: '2026-10-01T00:00:00.000Z',
      text: 'Samples shared after the incident, grouped for analysis.',
    });
  });
});
