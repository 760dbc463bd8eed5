/**
 * The leak suite through Slack's real adapter (signed requests into Bolt on loopback, posts
 * captured by the fake Web API): every command at every clearance below each restricted fixture.
 * Each answer must carry none of the fixture's words, names, titles, and must equal, word for
 * word, the answer a corpus without the restricted reports gives (so counts, existence and
 * "did you mean" say nothing either); only the withheld line may differ, by design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Tlp, tlpRank } from '../../src/core/model/tlp.ts';
import { SlackHarness } from '../chat/slack/slack-harness.ts';
import { textOf } from '../fakes/slack-web-api.ts';
import {
  above,
  answered,
  baselineDb,
  CASES_PER_PATH,
  CLEARANCES,
  comparable,
  FIXTURES,
  fullDb,
  type LeakFixture,
  LeakTally,
} from './leak-fixtures.ts';

const NOW = '2026-11-20T13:00:00Z';
const ADMIN = 'U0ADMIN';

/** Commands that name what they ask about: run once per restricted fixture. */
const PER_FIXTURE: [string, (f: LeakFixture) => string][] = [
  ['actor NAME', (f) => `actor ${f.name}`],
  ['actor ALIAS|near miss', (f) => `actor ${f.alias ?? nearMiss(f.name)}`],
  ['ask who is behind NAME', (f) => `ask who is behind ${f.name}?`],
  ['ask near miss (did you mean)', (f) => `ask what malware does ${nearMiss(f.name)} use?`],
  ['ask MARKER', (f) => `ask what is ${f.marker}?`],
  ['search MARKER', (f) => `search ${f.marker}`],
  ['watch NAME', (f) => `watch ${f.name}`],
  ['unwatch NAME', (f) => `unwatch ${f.alias ?? f.name}`],
];

/** Commands that name nothing restricted: run once per clearance, checked for every fixture. */
const GENERAL: string[] = [
  'digest now',
  'digest week',
  'sources',
  'help',
  'watches',
  'search ransomware',
  'actor APT29',
  'ask who is behind Volt Typhoon?',
  'search harbor',
  'clearance',
];

/** "Velvet Kestrel" -> "Velvet Kestral", "Hollow Jackal" -> "Hollow Jackel": close enough for "did you mean". */
function nearMiss(name: string): string {
  return name.replace(/[aeiou](?=[^aeiou]*$)/, (v) => (v === 'e' ? 'a' : 'e'));
}

const channelFor = (clearance: Tlp) => `C${clearance.replace(/\W/g, '')}`;

async function harnessOn(db: string): Promise<SlackHarness> {
  const { fixedClock } = await import('../../src/core/ports/clock.ts');
  const harness = await SlackHarness.start({
    db,
    clock: fixedClock(NOW),
    env: { ADMIN_USERS: ADMIN },
  });
  for (const clearance of CLEARANCES)
    await harness.app.store.setClearance(
      { platform: 'slack', channel: channelFor(clearance) },
      clearance,
      'test',
      NOW,
    );
  return harness;
}

/** Everything the bot sent after a request (posts, ephemerals, responses), as text. */
async function say(
  harness: SlackHarness,
  text: string,
  clearance: Tlp,
  options: { threadTs?: string } = {},
): Promise<{ text: string; raw: string; ts?: string }> {
  const before = harness.fake.calls.length;
  const channel = channelFor(clearance);
  if (options.threadTs) {
    await harness.event({
      type: 'message',
      channel,
      channel_type: 'channel',
      user: ADMIN,
      text,
      ts: `17000${String(harness.fake.calls.length).padStart(5, '0')}.000100`,
      thread_ts: options.threadTs,
    });
  } else {
    await harness.command(text, { channel, user: ADMIN });
  }
  await answered(harness, before);
  const calls = harness.fake.calls.slice(before);
  const posted = calls.find((c) => c.method === 'chat.postMessage' && !c.params.thread_ts);
  return {
    text: calls.map((c) => textOf(c)).join('\n'),
    raw: calls.map((c) => JSON.stringify(c.params)).join('\n'),
    ...(posted
      ? { ts: String((posted as { response?: { ts?: string } }).response?.ts ?? '') }
      : {}),
  };
}

const tally = new LeakTally();
let full: SlackHarness;
const baselines = new Map<Tlp, SlackHarness>();

beforeAll(async () => {
  full = await harnessOn(await fullDb());
  for (const clearance of CLEARANCES)
    baselines.set(clearance, await harnessOn(await baselineDb(clearance)));
}, 60_000);

afterAll(async () => {
  await full?.close();
  for (const h of baselines.values()) await h.close();
});

describe('Slack at every clearance below each restricted report', () => {
  it.each(CLEARANCES)(
    'commands at %s leak nothing and match the corpus it may see',
    async (clearance) => {
      const baseline = baselines.get(clearance)!;
      const hidden = above(clearance);
      for (const [path, command] of PER_FIXTURE) {
        for (const f of hidden) {
          const text = command(f);
          const got = await say(full, text, clearance);
          tally.check(`slack ${path}`, clearance, [f], got.raw, text);
          const want = await say(baseline, text, clearance);
          expect(comparable(got.text), `${text} at ${clearance}`).toBe(comparable(want.text));
        }
      }
      for (const text of GENERAL) {
        const got = await say(full, text, clearance);
        tally.check(`slack ${text}`, clearance, hidden, got.raw, text);
        const want = await say(baseline, text, clearance);
        expect(comparable(got.text), `${text} at ${clearance}`).toBe(comparable(want.text));
      }
    },
  );

  it('is not vacuous: at TLP:RED the same commands find every restricted report', async () => {
    await full.app.store.setClearance({ platform: 'slack', channel: 'CRED' }, 'RED', 'test', NOW);
    for (const f of FIXTURES) {
      const before = full.fake.calls.length;
      await full.command(`search ${f.marker}`, { channel: 'CRED', user: ADMIN });
      await answered(full, before);
      const text = full.fake.calls.slice(before).map(textOf).join('\n');
      expect(text, f.file).toContain(f.marker);
    }
    const learned = await say(full, 'actor KESTREL-RED-9', 'CLEAR');
    expect(learned.text).not.toContain('Velvet Kestrel');
    const before = full.fake.calls.length;
    await full.command('actor KESTREL-RED-9', { channel: 'CRED', user: ADMIN });
    await answered(full, before);
    expect(full.fake.calls.slice(before).map(textOf).join('\n')).toContain('Velvet Kestrel');
  });

  it(`walked ${PER_FIXTURE.length + GENERAL.length} paths x ${CASES_PER_PATH} (clearance, fixture) cases`, () => {
    expect(tally.cases.size).toBe((PER_FIXTURE.length + GENERAL.length) * CASES_PER_PATH);
    expect(FIXTURES.length).toBeGreaterThanOrEqual(13);
    expect(CLEARANCES.every((c) => tlpRank(c) < tlpRank('RED'))).toBe(true);
  });
});
