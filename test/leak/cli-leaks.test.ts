/**
 * The leak suite through the CLI (`--clearance` standing in for a destination's clearance): every
 * answer command, `catalog show` and `digest`, in JSON, must name nothing above the clearance and
 * equal the output of a corpus without the restricted reports (the withheld count aside).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tlp } from '../../src/core/model/tlp.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { cli } from '../support/cli.ts';
import {
  above,
  baselineDb,
  CASES_PER_PATH,
  CLEARANCES,
  comparable,
  fullDb,
  type LeakFixture,
  LeakTally,
} from './leak-fixtures.ts';

const NOW = '2026-11-20T13:00:00Z';

const PER_FIXTURE: [string, (f: LeakFixture) => string[]][] = [
  ['actor NAME --json', (f) => ['actor', f.name, '--json']],
  ['actor ALIAS', (f) => ['actor', f.alias ?? f.name.split(' ')[0]!]],
  ['search MARKER --json', (f) => ['search', f.marker, '--json']],
  ['catalog show ALIAS|NAME --json', (f) => ['catalog', 'show', f.alias ?? f.name, '--json']],
  ['ask who is behind NAME --json', (f) => ['ask', `who is behind ${f.name}?`, '--json']],
  // A campaign's own report answers these: the dated sentences, the group it keeps naming.
  [
    'ask when was the MARKER campaign seen --json',
    (f) => ['ask', `when was the ${f.marker} campaign seen?`, '--json'],
  ],
  [
    'ask who is behind the MARKER campaign --json',
    (f) => ['ask', `who is behind the ${f.marker} campaign?`, '--json'],
  ],
  [
    'ask is NAME linked to Russia --json',
    (f) => ['ask', `is ${f.name} linked to Russia?`, '--json'],
  ],
];
const GENERAL: [string, string[]][] = [
  ['digest --json', ['digest', '--json']],
  ['digest week', ['digest', 'week']],
  ['catalog show APT29', ['catalog', 'show', 'APT29', '--json']],
  // A list asked for a period only: the reports dated then, each within the clearance.
  ['ask which CVEs in 2025', ['ask', 'which CVEs were exploited in 2025?', '--json']],
  ['ask which malware in 2024', ['ask', 'what malware was used in 2024?', '--json']],
];

const tally = new LeakTally();
let full: string;
const baselines = new Map<Tlp, string>();

beforeAll(async () => {
  full = await fullDb();
  for (const clearance of CLEARANCES) baselines.set(clearance, await baselineDb(clearance));
}, 60_000);

/** One CLI run; what it printed, both streams. */
async function run(db: string, argv: string[], clearance: Tlp): Promise<string> {
  const result = await cli(db, {}, fixedClock(NOW))(...argv, '--clearance', clearance);
  return `${result.code}\n${result.stdout}\n${result.stderr}`;
}

describe('the CLI at every clearance below each restricted report', () => {
  it.each(CLEARANCES)('commands with --clearance %s leak nothing', async (clearance) => {
    const baseline = baselines.get(clearance)!;
    const runs: [string, string[], LeakFixture[]][] = [
      ...PER_FIXTURE.flatMap(([path, argv]) =>
        above(clearance).map((f): [string, string[], LeakFixture[]] => [path, argv(f), [f]]),
      ),
      ...GENERAL.map(([path, argv]): [string, string[], LeakFixture[]] => [
        path,
        argv,
        above(clearance),
      ]),
    ];
    for (const [path, argv, fixtures] of runs) {
      const got = await run(full, argv, clearance);
      tally.check(`cli ${path}`, clearance, fixtures, got, argv.join(' '));
      const want = await run(baseline, argv, clearance);
      expect(comparable(got), `${argv.join(' ')} at ${clearance}`).toBe(comparable(want));
    }
  });

  it(`walked ${PER_FIXTURE.length + GENERAL.length} paths x ${CASES_PER_PATH} cases`, () => {
    expect(tally.cases.size).toBe((PER_FIXTURE.length + GENERAL.length) * CASES_PER_PATH);
  });
});
