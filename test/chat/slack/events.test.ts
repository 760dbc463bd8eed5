/**
 * Events over real HTTP: follow-ups in the bot's threads, mentions, direct messages, redeliveries
 * answered once, and messages from the bot itself or other bots ignored.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../../fakes/slack-web-api.ts';
import { channelMessage, EXAMPLES, ingestedDb, SlackHarness } from './slack-harness.ts';

// The examples corpus is ingested once per file, outside the tests' time.
beforeAll(() => ingestedDb(EXAMPLES));

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Posts `/threat actor Phantom Taurus` and returns the ts of the answer (the thread's parent). */
async function askAboutPhantomTaurus(h: SlackHarness): Promise<string> {
  await h.command('actor Phantom Taurus');
  const [post] = await h.fake.waitFor('chat.postMessage');
  expect(post!.params.channel).toBe('C0SOC');
  const ts = '1700000000.000100'; // the fake numbers its posts from here
  await h.thread(`slack:C0SOC:${ts}`);
  return ts;
}

describe('follow-ups in a thread the bot started', () => {
  it('answers "what malware do they use?" about Phantom Taurus, in that thread', async () => {
    harness = await SlackHarness.start();
    const parent = await askAboutPhantomTaurus(harness);
    const sent = await harness.event(
      channelMessage({
        text: 'what malware do they use?',
        thread_ts: parent,
        ts: '1700000200.000100',
      }),
    );
    expect(sent.status).toBe(200);
    const [, reply] = await harness.fake.waitFor('chat.postMessage', 2);
    expect(reply!.params.thread_ts).toBe(parent);
    expect(reply!.params.channel).toBe('C0SOC');
    const text = textOf(reply!);
    expect(text).toMatch(/Phantom Taurus/);
    expect(text).toMatch(/NET-STAR/);
    expect(text).toMatch(/Specter/);
  });

  it('answers a redelivered event (same event_id, x-slack-retry-num: 1) once', async () => {
    harness = await SlackHarness.start();
    const parent = await askAboutPhantomTaurus(harness);
    const event = channelMessage({ text: 'who do they target?', thread_ts: parent });
    expect((await harness.event(event, { eventId: 'Ev0REDELIVER' })).status).toBe(200);
    expect((await harness.event(event, { eventId: 'Ev0REDELIVER', retryNum: 1 })).status).toBe(200);
    await harness.fake.waitFor('chat.postMessage', 2);
    await harness.platform.stop();
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(harness.logs.join('\n')).toMatch(/redelivered event ignored.*Ev0REDELIVER/);
  });

  it('ignores replies in threads it did not start', async () => {
    harness = await SlackHarness.start();
    await harness.event(
      channelMessage({ text: 'what malware do they use?', thread_ts: '1690000000.000100' }),
    );
    await harness.event(channelMessage({ text: 'actor Phantom Taurus' }));
    expect(await harness.fake.quietFor(150)).toEqual([]);
  });

  it.each([
    ['its own reply', { user: 'UBOT', bot_id: 'BBOT' }],
    ['another bot', { user: 'U0OTHERBOT', bot_id: 'B0OTHER' }],
    ['a bot_message', { subtype: 'bot_message', bot_id: 'B0OTHER', user: undefined }],
    ['an edit', { subtype: 'message_changed' }],
  ])('ignores %s in its thread', async (_, fields) => {
    harness = await SlackHarness.start();
    const parent = await askAboutPhantomTaurus(harness);
    await harness.event(
      channelMessage({ text: 'what malware do they use?', thread_ts: parent, ...fields }),
    );
    expect(await harness.fake.quietFor(150)).toEqual([]);
  });
});

describe('mentions and direct messages', () => {
  it('answers a mention in the thread of the mention, with the mention stripped', async () => {
    harness = await SlackHarness.start();
    await harness.event({
      type: 'app_mention',
      channel: 'C0SOC',
      user: 'U0ANALYST',
      text: '<@UBOT> actor TGR-STA-0043',
      ts: '1700000300.000100',
      event_ts: '1700000300.000100',
    });
    const [post] = await harness.fake.waitFor('chat.postMessage');
    expect(post!.params.thread_ts).toBe('1700000300.000100');
    expect(textOf(post!)).toMatch(/Phantom Taurus/);
  });

  it('does not answer a mention twice when it also arrives as a thread message', async () => {
    harness = await SlackHarness.start();
    const parent = await askAboutPhantomTaurus(harness);
    const fields = {
      text: '<@UBOT> what malware do they use?',
      thread_ts: parent,
      ts: '1700000400.000100',
    };
    await harness.event({ type: 'app_mention', channel: 'C0SOC', user: 'U0ANALYST', ...fields });
    await harness.event(channelMessage(fields));
    await harness.fake.waitFor('chat.postMessage', 2);
    await harness.platform.stop();
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('answers a direct message in a thread under it, at the DM clearance', async () => {
    harness = await SlackHarness.start({ env: { DM_CLEARANCE: 'AMBER' } });
    await harness.event({
      type: 'message',
      channel: 'D0DM',
      channel_type: 'im',
      user: 'U0ANALYST',
      text: 'actor Volt Typhoon',
      ts: '1700000500.000100',
    });
    const [post] = await harness.fake.waitFor('chat.postMessage');
    expect(post!.params).toMatchObject({ channel: 'D0DM', thread_ts: '1700000500.000100' });
    // The AMBER internal note is only cited where the clearance allows it.
    expect(textOf(post!)).toMatch(/Northwind CTI Team/);
  });

  it('keeps a channel at its clearance: the AMBER report is withheld and counted', async () => {
    harness = await SlackHarness.start();
    await harness.command('actor Volt Typhoon');
    const [post] = await harness.fake.waitFor('chat.postMessage');
    const text = textOf(post!);
    expect(text).not.toMatch(/Northwind/);
    expect(text).toMatch(/1 report above this destination's clearance \(TLP:CLEAR\) was left out/);
  });
});
