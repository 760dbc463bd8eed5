/**
 * The leak suite's threads through Slack's real adapter: a channel that read restricted material
 * (an actor profile, a briefing) is lowered below it, and every follow-up in those old threads
 * must reveal nothing: the same reply a thread about something unknown gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Tlp, tlpRank } from '../../src/core/model/tlp.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { SlackHarness } from '../chat/slack/slack-harness.ts';
import { textOf } from '../fakes/slack-web-api.ts';
import {
  above,
  answered,
  CASES_PER_PATH,
  CLEARANCES,
  comparable,
  FIXTURES,
  fullDb,
  LeakTally,
  leaksIn,
  restrictedPairs,
} from './leak-fixtures.ts';

const NOW = '2026-11-20T13:00:00Z';
const ADMIN = 'U0ADMIN';
const ACTOR_FOLLOW_UPS = ['what malware do they use?', 'source for [1]', 'who else targets them?'];

let harness: SlackHarness;
let nextTs = 1_800_000_000;
const tally = new LeakTally();

beforeAll(async () => {
  harness = await SlackHarness.start({
    db: await fullDb(),
    clock: fixedClock(NOW),
    env: { ADMIN_USERS: ADMIN },
  });
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

async function setClearance(channel: string, clearance: Tlp): Promise<void> {
  await harness.app.store.setClearance({ platform: 'slack', channel }, clearance, 'test', NOW);
}

/** Runs a command at the top of a channel; returns the parent ts of the post it made. */
async function start(channel: string, text: string): Promise<{ ts: string; text: string }> {
  const before = harness.fake.calls.length;
  await harness.command(text, { channel, user: ADMIN });
  await answered(harness, before);
  const parent = harness.fake.messages.filter((m) => m.channel === channel && !m.thread_ts).at(-1);
  if (!parent) throw new Error(`nothing posted for "${text}"`);
  await harness.thread(`slack:${channel}:${parent.ts}`);
  return { ts: parent.ts, text: harness.fake.calls.slice(before).map(textOf).join('\n') };
}

/** A reply in a thread the bot started; returns what the bot sent back (raw, every field). */
async function reply(channel: string, threadTs: string, text: string) {
  const before = harness.fake.calls.length;
  nextTs += 1;
  await harness.event({
    type: 'message',
    channel,
    channel_type: 'channel',
    user: ADMIN,
    text,
    ts: `${nextTs}.000100`,
    thread_ts: threadTs,
  });
  await answered(harness, before);
  const calls = harness.fake.calls.slice(before);
  return {
    text: calls.map(textOf).join('\n'),
    raw: calls.map((c) => JSON.stringify(c.params)).join('\n'),
  };
}

describe('old threads after a clearance is lowered', () => {
  it('actor threads about restricted subjects answer as threads about nobody', async () => {
    // The control: a thread whose subject nobody knows, at each clearance.
    const control = new Map<Tlp, string[]>();
    for (const clearance of CLEARANCES) {
      const channel = `CCTRL${tlpRank(clearance)}`;
      await setClearance(channel, clearance);
      const parent = await start(channel, 'actor Quokka Nonesuch');
      const replies: string[] = [];
      for (const text of ACTOR_FOLLOW_UPS)
        replies.push(comparable((await reply(channel, parent.ts, text)).text));
      control.set(clearance, replies);
    }
    let profiled = 0;
    for (const [i, { clearance, fixture }] of restrictedPairs().entries()) {
      const channel = `CACT${i}`;
      await setClearance(channel, fixture.tlp);
      const parent = await start(channel, `actor ${fixture.alias ?? fixture.name}`);
      if (parent.text.includes(fixture.marker) || /\d+ reports?/.test(parent.text)) profiled++;
      await setClearance(channel, clearance);
      for (const [j, text] of ACTOR_FOLLOW_UPS.entries()) {
        const got = await reply(channel, parent.ts, text);
        tally.check(`slack thread: ${text}`, clearance, [fixture], got.raw, text);
        expect(comparable(got.text), `${text} after ${fixture.file}`).toBe(
          control.get(clearance)![j],
        );
      }
    }
    // Not vacuous: most threads were about a subject the channel could see when they began.
    expect(profiled).toBeGreaterThan(restrictedPairs().length / 2);
  });

  it('briefing threads forget items above the clearance: "more on item N" is as for no such item', async () => {
    const levels = [...new Set(FIXTURES.map((f) => f.tlp))];
    let n = 0;
    for (const level of levels) {
      for (const clearance of CLEARANCES.filter((c) => tlpRank(c) < tlpRank(level))) {
        const channel = `CBRF${n++}`;
        await setClearance(channel, level);
        const parent = await start(channel, 'digest now');
        const items = (await harness.thread(`slack:${channel}:${parent.ts}`)).digestItems.length;
        // Not vacuous: the briefing the channel got before it was lowered showed restricted stories.
        expect(leaksIn(parent.text, clearance).length, `briefing at ${level}`).toBeGreaterThan(0);
        await setClearance(channel, clearance);
        const hidden = above(clearance).filter((f) => tlpRank(f.tlp) <= tlpRank(level));
        const none = comparable((await reply(channel, parent.ts, 'more on item 99')).text);
        for (let k = 1; k <= items; k++) {
          const text = `more on item ${k}`;
          const got = await reply(channel, parent.ts, text);
          tally.check('slack thread: more on item N', clearance, hidden, got.raw, text);
          const answer = comparable(got.text);
          // A visible item answers with its reports; a hidden one exactly as item 99 does.
          if (answer.includes('has no item'))
            expect(
              answer.replaceAll(`item ${k}`, 'item 99').replaceAll(`Item ${k}`, 'Item 99'),
            ).toBe(none);
        }
        const more = await reply(channel, parent.ts, 'more');
        tally.check('slack thread: more', clearance, hidden, more.raw, 'more');
      }
    }
  });

  it(`walked ${ACTOR_FOLLOW_UPS.length + 2} thread paths x ${CASES_PER_PATH} cases`, () => {
    expect(tally.cases.size).toBe((ACTOR_FOLLOW_UPS.length + 2) * CASES_PER_PATH);
  });
});
