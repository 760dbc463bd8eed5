/**
 * The leak suite through Teams' real adapter (activities POSTed to /api/messages on loopback,
 * replies captured by the fake connector): the same rule as for Slack, an answer below a report's
 * label names nothing of it and equals the answer of a corpus without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tlp } from '../../src/core/model/tlp.ts';
import { channelPost, startTeams, type TeamsHarness } from '../chat/teams/harness.ts';
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

const PER_FIXTURE: [string, (f: LeakFixture) => string][] = [
  ['actor NAME', (f) => `actor ${f.name}`],
  ['actor ALIAS', (f) => `actor ${f.alias ?? f.name.toUpperCase()}`],
  ['ask who is behind NAME', (f) => `who is behind ${f.name}?`],
  ['search MARKER', (f) => `search ${f.marker}`],
  ['watch NAME', (f) => `watch ${f.name}`],
];
const GENERAL = ['digest now', 'digest week', 'sources', 'watches', 'actor APT29'];

const channelFor = (clearance: Tlp) => `19:leak-${clearance.replace(/\W/g, '')}@thread.tacv2`;

async function teamsOn(db: string): Promise<TeamsHarness> {
  const teams = await startTeams({ db, env: { ADMIN_USERS: '29:analyst' } });
  for (const clearance of CLEARANCES)
    await teams.app.store.setClearance(
      { platform: 'teams', channel: channelFor(clearance) },
      clearance,
      'test',
      '2026-11-20T13:00:00Z',
    );
  return teams;
}

/** The `text` of every element of a card: what a reader sees, without layout properties. */
function textsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'text' && typeof v === 'string' ? [v] : textsOf(v),
  );
}

let posts = 0;
/** What the bot replied to one channel post, as its readable text and as every field it sent. */
async function say(teams: TeamsHarness, text: string, clearance: Tlp, id: number) {
  const before = teams.connector.calls.length;
  await teams.post(channelPost(teams.connector.serviceUrl, text, `${id}`, channelFor(clearance)));
  const calls = teams.connector.calls.slice(before);
  return {
    text: calls
      .flatMap((c) => {
        const body = c.body as { text?: string; attachments?: { content: unknown }[] };
        return [body.text ?? '', ...textsOf(body.attachments?.map((a) => a.content) ?? [])];
      })
      .join('\n'),
    raw: calls.map((c) => JSON.stringify(c.body)).join('\n'),
  };
}

const tally = new LeakTally();
let full: TeamsHarness;
const baselines = new Map<Tlp, TeamsHarness>();

beforeAll(async () => {
  full = await teamsOn(await fullDb());
  for (const clearance of CLEARANCES)
    baselines.set(clearance, await teamsOn(await baselineDb(clearance)));
}, 60_000);

afterAll(async () => {
  await full?.close();
  for (const t of baselines.values()) await t.close();
});

describe('Teams at every clearance below each restricted report', () => {
  it.each(CLEARANCES)(
    'messages at %s leak nothing and match the corpus it may see',
    async (clearance) => {
      const baseline = baselines.get(clearance)!;
      const hidden = above(clearance);
      const runs: [string, string, LeakFixture[]][] = [
        ...PER_FIXTURE.flatMap(([path, command]) =>
          hidden.map((f): [string, string, LeakFixture[]] => [path, command(f), [f]]),
        ),
        ...GENERAL.map((text): [string, string, LeakFixture[]] => [text, text, hidden]),
      ];
      for (const [path, text, fixtures] of runs) {
        posts += 1;
        const got = await say(full, text, clearance, 9000 + posts);
        tally.check(`teams ${path}`, clearance, fixtures, got.raw, text);
        const want = await say(baseline, text, clearance, 9000 + posts);
        expect(comparable(got.text), `${text} at ${clearance}`).toBe(comparable(want.text));
      }
    },
  );

  it(`walked ${PER_FIXTURE.length + GENERAL.length} paths x ${CASES_PER_PATH} cases`, () => {
    expect(tally.cases.size).toBe((PER_FIXTURE.length + GENERAL.length) * CASES_PER_PATH);
  });
});
