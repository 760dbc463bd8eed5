/**
 * Markings at ingest, as `threatbrief ingest --json` reports them: each restricted fixture is
 * stored with the strictest marking of anything it includes, parts are listed where they differ,
 * and unknown or in-text markings are warned about (and never read as CLEAR).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markingsInText, settleMarking } from '../../src/core/model/marking.ts';
import { cli, tempDb } from '../support/cli.ts';
import { FIXTURES } from './leak-fixtures.ts';

const RESTRICTED = join(import.meta.dirname, 'fixtures', 'restricted');

interface Stored {
  tlp: string;
  parts?: { part: string; tlp: string }[];
  warnings?: string[];
}

describe('markings read at ingest', () => {
  it('stores every fixture with the label it must have and says how it was read', async () => {
    const run = await cli(tempDb())('ingest', RESTRICTED, '--json');
    expect(run.code).toBe(0);
    const byFile = new Map<string, Stored>(
      run
        .json()
        .documents.map((d: { origin: string; reports: Stored[] }) => [
          d.origin.slice(RESTRICTED.length + 1),
          d.reports[0],
        ]),
    );
    for (const f of FIXTURES) expect(byFile.get(f.file)?.tlp, f.file).toBe(f.tlp);

    // Partial markings: each part's label is listed.
    expect(byFile.get('red/misp-red-attribute.json')!.parts).toEqual(
      expect.arrayContaining([
        { part: 'event tags', tlp: 'CLEAR' },
        { part: 'attribute text actor note', tlp: 'RED' },
      ]),
    );
    expect(byFile.get('red/stix-red-object.json')!.parts).toEqual(
      expect.arrayContaining([{ part: 'intrusion-set Velvet Kestrel', tlp: 'RED' }]),
    );
    // Unknown and in-text markings: warned, read as RED or as stated.
    const warned = (file: string) => byFile.get(file)!.warnings?.join('\n') ?? '';
    expect(warned('red/misp-ex-chr.json')).toMatch(/unknown marking "tlp:ex:chr".*TLP:RED/);
    expect(warned('red/misp-unclear.json')).toMatch(/unknown marking "tlp:unclear"/);
    expect(warned('red/stix-undefined-marking.json')).toMatch(/undefined marking/);
    expect(warned('red/unknown-marking.md')).toMatch(/unknown marking "PURPLE"/);
    expect(warned('red/red-first-line.txt')).toMatch(/"TLP:RED" is stated in line 1/);
    expect(warned('red/in-text-partial.md')).toMatch(/"TLP:RED" is stated in line \d/);
    expect(warned('amber/banner.html')).toMatch(/shown on the page/);
    // A document marked one way throughout lists no parts and warns of nothing.
    expect(byFile.get('amber/amber-whole.md')).toEqual(
      expect.not.objectContaining({ parts: expect.anything() }),
    );
    expect(byFile.get('amber/amber-whole.md')!.warnings).toBeUndefined();
  });

  it('prints each report with its label, its parts and warnings in text mode', async () => {
    const run = await cli(tempDb())('ingest', join(RESTRICTED, 'red', 'misp-red-attribute.json'));
    expect(run.stdout).toMatch(/stored {5}.*misp-red-attribute\.json: \w+ TLP:RED "Phishing wave/);
    expect(run.stdout).toMatch(
      /marking {4}.*stored as TLP:RED; parts: .*attribute text actor note TLP:RED/,
    );
  });

  it.each([
    ['TLP:RED\nBody', 'RED'],
    ['Shared under TLP: AMBER+STRICT with partners.', 'AMBER+STRICT'],
    ['tlp-green', 'GREEN'],
    ['TLP WHITE', 'CLEAR'],
    ['The TLPs are many', undefined],
  ])('reads the label in %j', (text, tlp) => {
    expect(markingsInText(text)[0]?.tlp).toBe(tlp);
  });

  it('never lowers: a CLEAR label in the text under an AMBER declaration changes nothing', () => {
    const settled = settleMarking({
      declared: 'AMBER',
      defaultTlp: 'CLEAR',
      text: 'TLP:CLEAR notes',
    });
    expect(settled.tlp).toBe('AMBER');
    expect(settled.warnings).toEqual([]);
  });
});
