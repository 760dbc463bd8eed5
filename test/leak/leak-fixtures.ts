/**
 * @module The leak suite's fixtures and checks. Restricted reports in every format and marking
 * style (whole-report and partial markings, unknown and in-text labels), each with a unique
 * marker word and names only it gives; a CLEAR base corpus so answers have something to say;
 * fixture databases built once per run: the whole corpus, and for each clearance tested the
 * corpus a destination at that clearance may see (the baseline a leak-free answer must equal).
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Tlp, tlpRank } from '../../src/core/model/tlp.ts';
import type { SlackHarness } from '../chat/slack/slack-harness.ts';
import { ingestedDb } from '../support/fixture-dbs.ts';

const DIR = join(import.meta.dirname, 'fixtures');
export const BASE = join(DIR, 'base');
const AMBER = join(DIR, 'restricted', 'amber');
const STRICT = join(DIR, 'restricted', 'strict');
const RED = join(DIR, 'restricted', 'red');

export interface LeakFixture {
  file: string;
  /** The label the report must be stored with. */
  tlp: Tlp;
  /** How the marking is carried: what the fixture tests. */
  style: string;
  /** An actor name only this fixture gives. */
  name: string;
  /** An alias only this fixture gives (learned from STIX), if any. */
  alias?: string;
  /** A word only this fixture contains. */
  marker: string;
  /** Every string that must never reach a destination below `tlp`. */
  secrets: string[];
}

const fixture = (f: Omit<LeakFixture, 'secrets'> & { more?: string[] }): LeakFixture => ({
  file: f.file,
  tlp: f.tlp,
  style: f.style,
  name: f.name,
  ...(f.alias ? { alias: f.alias } : {}),
  marker: f.marker,
  secrets: [f.name, f.marker, ...(f.alias ? [f.alias] : []), ...(f.more ?? [])],
});

export const FIXTURES: LeakFixture[] = [
  fixture({
    file: 'red/misp-red-attribute.json',
    tlp: 'RED',
    style: 'MISP event tagged tlp:clear, one attribute tlp:red (partial)',
    name: 'Brackish Osprey',
    marker: 'ZORBLEFLUX',
    more: ['port authorities in the Baltic', 'portal-customs', 'Harbour Sharing Community'],
  }),
  fixture({
    file: 'red/stix-red-object.json',
    tlp: 'RED',
    style: 'CLEAR STIX report quoting a RED intrusion-set (partial)',
    name: 'Velvet Kestrel',
    alias: 'KESTREL-RED-9',
    marker: 'GLIMMERVOSS',
    more: ['Harbor logistics intrusions', 'harbor logistics firms'],
  }),
  fixture({
    file: 'red/stix-undefined-marking.json',
    tlp: 'RED',
    style: 'STIX marking reference to an undefined marking (unknown)',
    name: 'Opal Heron',
    alias: 'OPH-4410',
    marker: 'TRONKWHISTLE',
    more: ['satellite operators'],
  }),
  fixture({
    file: 'red/red-first-line.txt',
    tlp: 'RED',
    style: 'plain text whose first line is TLP:RED (in-text)',
    name: 'Sable Wyvern',
    marker: 'PLUMBRATTLE',
    more: ['contractor laptop'],
  }),
  fixture({
    file: 'red/misp-ex-chr.json',
    tlp: 'RED',
    style: 'MISP tlp:ex:chr (unknown)',
    name: 'Hollow Jackal',
    marker: 'FIZZLEMORN',
    more: ['signalling network', 'Rail Sector Trust Group'],
  }),
  fixture({
    file: 'red/misp-unclear.json',
    tlp: 'RED',
    style: 'MISP tlp:unclear (unknown)',
    name: 'Ashen Tapir',
    marker: 'QUANTOBRISK',
    more: ['card-testing bots', 'Payments Trust Group'],
  }),
  fixture({
    file: 'red/stix-red-bundle.json',
    tlp: 'RED',
    style: 'RED STIX bundle teaching aliases, one of them for a public actor (learned names)',
    name: 'Crimson Reedling',
    alias: 'REEDLING-77',
    marker: 'BLASTOQUILL',
    more: ['Ruddy Stork', 'NOBLE-RED-5', 'hull designs'],
  }),
  fixture({
    file: 'red/unknown-marking.md',
    tlp: 'RED',
    style: 'Markdown tlp: CLEAR with an unknown marking: key (unknown)',
    name: 'Pewter Ibis',
    marker: 'JANGLEMOTE',
    more: ['customs brokers', 'tariff notices'],
  }),
  fixture({
    file: 'red/in-text-partial.md',
    tlp: 'RED',
    style: 'Markdown tlp: CLEAR with a TLP:RED paragraph (in-text, partial)',
    name: 'Umber Gecko',
    marker: 'SPINDLEGROAT',
    more: ['logistics firms in November', 'Logistics Analysis Desk'],
  }),
  fixture({
    file: 'strict/classification.md',
    tlp: 'AMBER+STRICT',
    style: 'Markdown classification: front-matter key',
    name: 'Gilded Marmot',
    marker: 'WOBBLECRANE',
    more: ['grain exporters', 'invoicing update'],
  }),
  fixture({
    file: 'amber/amber-whole.md',
    tlp: 'AMBER',
    style: 'Markdown tlp: AMBER (whole report)',
    name: 'Tawny Basilisk',
    marker: 'MUDLARKSON',
    more: ['regional airline', 'crew scheduling'],
  }),
  fixture({
    file: 'amber/banner.html',
    tlp: 'AMBER',
    style: 'HTML with a visible TLP:AMBER banner and no meta tag',
    name: 'Cinder Lynx',
    marker: 'SNORKELVANE',
    more: ['hospital billing'],
  }),
  fixture({
    file: 'amber/misp-galaxy-amber.json',
    tlp: 'AMBER',
    style: 'MISP event tlp:amber with a threat-actor galaxy cluster (learned names)',
    name: 'Mossy Pangolin',
    alias: 'PANGOLIN-KIT-5',
    marker: 'CRUMPETVAULT',
    more: ['phishing kit sightings', 'Retail Sharing Community'],
  }),
];

/** The clearances every path is walked at: each below some fixture's label. */
export const CLEARANCES: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'];

/** Fixtures a destination at `clearance` must learn nothing of. */
export function above(clearance: Tlp): LeakFixture[] {
  return FIXTURES.filter((f) => tlpRank(f.tlp) > tlpRank(clearance));
}

/** (clearance, fixture) pairs with the fixture above the clearance: each path runs over these. */
export function restrictedPairs(): { clearance: Tlp; fixture: LeakFixture }[] {
  return CLEARANCES.flatMap((clearance) =>
    above(clearance).map((fixture) => ({ clearance, fixture })),
  );
}

/** Cases per path: one per (clearance, fixture above it). */
export const CASES_PER_PATH = restrictedPairs().length;

/** The whole corpus: base and every restricted fixture, built once per run and copied per use. */
export function fullDb(): Promise<string> {
  return ingestedDb(BASE, AMBER, STRICT, RED);
}

/** What a destination at `clearance` may see, as a corpus of its own: the leak-free baseline. */
export function baselineDb(clearance: Tlp): Promise<string> {
  const dirs = [BASE];
  if (tlpRank(clearance) >= tlpRank('AMBER')) dirs.push(AMBER);
  if (tlpRank(clearance) >= tlpRank('AMBER+STRICT')) dirs.push(STRICT);
  return ingestedDb(...dirs);
}

/**
 * Secrets of the fixtures above `clearance` found in `output`, except what the person asking
 * typed themselves (a not-found answer may repeat the name it was asked about).
 */
export function leaksIn(output: string, clearance: Tlp, typed = ''): string[] {
  const haystack = output.toLowerCase();
  const asked = typed.toLowerCase();
  return above(clearance)
    .flatMap((f) => f.secrets)
    .filter((s) => !asked.includes(s.toLowerCase()) && haystack.includes(s.toLowerCase()));
}

/**
 * Output as a reader compares it: the withheld line (the one place a count of what was left out
 * may appear, by design) and per-run identifiers (answer ids, message timestamps) taken out.
 */
export function comparable(output: string): string {
  return output
    .replace(
      /(?:note:\s*)?[_*]*\d+ reports? above this destination's clearance \(TLP:[A-Z+]+\) (?:was|were) left out\.?[_*]*/g,
      '',
    )
    .replace(/"withheld":\s*\d+/g, '"withheld":0')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
    .replace(/\d{10}\.\d{6}/g, 'TS')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Counts the (path, clearance, fixture) cases a test walked, and fails on the first leak. */
export class LeakTally {
  readonly cases = new Set<string>();

  /** One path's output at a clearance, checked for every fixture above it. */
  check(path: string, clearance: Tlp, fixtures: LeakFixture[], output: string, typed = ''): void {
    expect(leaksIn(output, clearance, typed), `${path} at ${clearance}`).toEqual([]);
    for (const f of fixtures) this.cases.add(`${path}\u0000${clearance}\u0000${f.file}`);
  }
}

/**
 * Waits until the bot answered a request sent when `before` calls had been recorded: every
 * command gets some reply (a post, an ephemeral, a response), and the answer queue is idle.
 */
export async function answered(harness: SlackHarness, before: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await harness.platform.answers.idle();
    if (harness.fake.calls.length > before) break;
    if (Date.now() > deadline)
      throw new Error(`the bot never answered (${harness.fake.calls.length} calls)`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // The parts of a long answer follow the first one; the queue is idle once all are sent.
  await harness.platform.answers.idle();
}
