import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDb } from '../support/cli.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples/reports');

describe('threatbrief extract', () => {
  it('prints the contract JSON for one file and stores nothing', async () => {
    const run = cli(tempDb());
    const result = await run('extract', join(EXAMPLES, 'phantom-taurus-briefstream.md'), '--json');
    expect(result.code).toBe(0);
    const json = result.json();
    expect(json.actors).toEqual([
      {
        name: 'Phantom Taurus',
        canonical: 'Phantom Taurus',
        aliases: ['CL-STA-0043', 'TGR-STA-0043'],
        mentions: expect.any(Number),
      },
    ]);
    expect(json.malware.map((m: { canonical: string }) => m.canonical)).toEqual(
      expect.arrayContaining(['Specter', 'NET-STAR', 'IIServerCore', 'AssemblyExecuter']),
    );
    expect(json.regions).toEqual(['Africa', 'Middle East', 'Asia']);
    expect(json.sectors).toEqual(expect.arrayContaining(['government', 'telecom']));
    expect(json.claims[0]).toMatchObject({
      subject: 'Phantom Taurus',
      relation: 'state-sponsored-by',
      object: 'China',
      strength: 'assertive',
      quote: expect.stringContaining('Chinese state-sponsored'),
    });
    for (const key of ['cves', 'techniques', 'indicators', 'facts'])
      expect(json).toHaveProperty(key);
    expect((await run('reports', '--json')).json().count).toBe(0);
  });

  it('shows indicators defanged', async () => {
    const json = (
      await cli(tempDb())('extract', join(EXAMPLES, 'volt-typhoon-internal-note.md'), '--json')
    ).json();
    const values = json.indicators.map((i: { value: string }) => i.value);
    expect(values).toEqual(
      expect.arrayContaining(['203.0.113[.]45', 'update-check[.]example[.]net']),
    );
    expect(values.join(' ')).not.toMatch(/\d+\.\d+\.\d+\.\d+(?!\[)/);
    expect(json.cves).toEqual(expect.arrayContaining(['CVE-2024-3400']));
    expect(json.techniques).toEqual(expect.arrayContaining(['T1059.001', 'T1021.001']));
  });
});
