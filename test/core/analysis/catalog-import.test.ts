import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDb } from '../../support/cli.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/catalog');

function note(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-note-'));
  const path = join(dir, 'note.txt');
  writeFileSync(path, `Field note\n${text}`);
  return path;
}

describe('catalog import', () => {
  it('adds ATT&CK-style intrusion sets, merges known ones, skips revoked, and links software', async () => {
    const run = cli(tempDb());
    const imported = await run('catalog', 'import', join(FIXTURES, 'attack-mini.json'), '--json');
    expect(imported.code).toBe(0);
    expect(imported.json()).toMatchObject({
      format: 'STIX bundle (ATT&CK style)',
      entries: 3,
      added: 2,
      merged: 1,
      skippedRevoked: 1,
    });

    const shown = (await run('catalog', 'show', 'QH-2291', '--json')).json();
    expect(shown.entries[0]).toMatchObject({
      name: 'Quartz Heron',
      kind: 'actor',
      mitreId: 'G9901',
      related: ['GlassWing'],
      source: 'attack',
    });
    const apt29 = (await run('catalog', 'show', 'Amber Lantern Test', '--json')).json();
    expect(apt29.entries[0]).toMatchObject({ name: 'APT29', source: 'builtin' });

    const extracted = (
      await run('extract', note('Glass Kestrel dropped GW-Loader on a ministry network.'), '--json')
    ).json();
    expect(extracted.actors).toEqual([
      {
        name: 'Glass Kestrel',
        canonical: 'Quartz Heron',
        aliases: ['QH-2291', 'Glass Kestrel'],
        mentions: 1,
      },
    ]);
    expect(extracted.malware.map((m: { canonical: string }) => m.canonical)).toEqual(['GlassWing']);
  });

  it('adds MISP galaxy actors with synonyms, country and sponsor', async () => {
    const run = cli(tempDb());
    const imported = (
      await run('catalog', 'import', join(FIXTURES, 'misp-threat-actor.json'), '--json')
    ).json();
    expect(imported).toMatchObject({ format: 'MISP galaxy', entries: 2, added: 1, merged: 1 });
    const wren = (await run('catalog', 'show', 'CW-17', '--json')).json().entries[0];
    expect(wren).toMatchObject({
      name: 'Copper Wren',
      country: 'Iran',
      sponsor: 'Iran',
      attributionConfidence: 50,
      source: 'misp',
    });
    const extracted = (
      await run(
        'extract',
        note('Analysts linked CW-17 and Slate Hammer Test to recent phishing.'),
        '--json',
      )
    ).json();
    expect(extracted.actors.map((a: { canonical: string }) => a.canonical)).toEqual([
      'Copper Wren',
      'Sandworm Team',
    ]);
  });

  it('applies imported names to stored reports after reanalyze', async () => {
    const run = cli(tempDb());
    await run('ingest', note('Glass Kestrel phished embassies in Africa during March.'));
    const before = (await run('search', 'Glass Kestrel', '--json')).json();
    expect(before.results).toHaveLength(1);
    await run('catalog', 'import', join(FIXTURES, 'attack-mini.json'));
    const re = await run('reanalyze', '--json');
    expect(re.code).toBe(0);
    expect(re.json()).toMatchObject({ reports: 1, clusters: 1 });
    const shown = await run('extract', note('Glass Kestrel again.'), '--json');
    expect(shown.json().actors[0].canonical).toBe('Quartz Heron');
  });

  it('learns the aliases an ingested STIX bundle declares, and keeps them for later runs', async () => {
    const run = cli(tempDb());
    const ingested = await run(
      'ingest',
      join(FIXTURES, '../ingest/bundle-learned-alias.json'),
      '--json',
    );
    expect(ingested.json()).toMatchObject({ ingested: 1 });
    const shown = (await run('catalog', 'show', 'QH-2291', '--json')).json();
    expect(shown.entries[0]).toMatchObject({ name: 'Quartz Heron', source: 'stix' });
    const extracted = (await run('extract', note('QH-2291 came back in April.'), '--json')).json();
    expect(extracted.actors[0].canonical).toBe('Quartz Heron');
  });

  it('refuses files that are not catalogs, with a reason', async () => {
    const run = cli(tempDb());
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-badcat-'));
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
    const bad = await run('catalog', 'import', join(dir, 'x.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neither a STIX bundle \(ATT&CK\) nor a MISP galaxy/);
    expect((await run('catalog', 'show', 'No Such Actor')).code).toBe(1);
  });
});
