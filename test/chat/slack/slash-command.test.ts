/**
 * `/threat` over real HTTP: Bolt checks the signature and acks at once, the answer reaches the fake
 * Web API as a bot message with the profile's blocks and citations, help and refusals stay private.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnswerQueue } from '../../../src/chat/answer-queue.ts';
import { notice } from '../../../src/chat/notices.ts';
import type { BriefingCommands } from '../../../src/chat/router.ts';
import { BUSY_TEXT } from '../../../src/chat/slack/answer-in-slack.ts';
import { silentLogger } from '../../../src/core/ports/logger.ts';
import { blocksOf, textOf } from '../../fakes/slack-web-api.ts';
import { BOT_TOKEN, EXAMPLES, ingestedDb, SIGNING_SECRET, SlackHarness } from './slack-harness.ts';

// The examples corpus is ingested once per file, outside the tests' time.
beforeAll(() => ingestedDb(EXAMPLES));

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('/threat', () => {
  it('acks at once and posts the actor profile with numbered citations as a bot message', async () => {
    harness = await SlackHarness.start();
    const sent = await harness.command('actor Phantom Taurus');
    expect(sent.status).toBe(200);
    expect(sent.body).toBe('');
    // Slack's own deadline; timing itself is measured by npm run bench:load, not here.
    expect(sent.ms).toBeLessThan(3000);

    const [post] = await harness.fake.waitFor('chat.postMessage');
    expect(post!.contentType).toContain('application/x-www-form-urlencoded');
    expect(post!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post!.params).toMatchObject({
      channel: 'C0SOC',
      link_names: 'false',
      unfurl_links: 'false',
      unfurl_media: 'false',
    });
    expect(post!.params.parse).toBeUndefined();
    expect(post!.params.thread_ts).toBeUndefined();
    expect(typeof post!.params.blocks).toBe('string');

    const blocks = blocksOf(post!);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Phantom Taurus' } });
    const text = textOf(post!);
    expect(text).toMatch(/China, state-sponsored/);
    expect(text).toMatch(/MODERATE/);
    expect(text).toMatch(/\[1\][\s\S]*Cyber Desk Weekly/);
    expect(text).toMatch(/\[2\][\s\S]*BriefStream/);
    const feedback = blocks.find((b) => b.type === 'context_actions');
    expect(JSON.stringify(feedback)).toMatch(/"action_id":"answer_feedback"/);
  });

  it('acks before the engine answers, however long that takes, and posts once it has', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    harness = await SlackHarness.start({
      engine: (engine) => ({
        name: 'gated',
        answer: async (request) => {
          await gate;
          return engine.answer(request);
        },
      }),
    });
    const sent = await harness.command('actor Phantom Taurus');
    expect(sent.status).toBe(200);
    // Slack's own deadline; timing itself is measured by npm run bench:load, not here.
    expect(sent.ms).toBeLessThan(3000);
    expect(await harness.fake.quietFor(50)).toEqual([]);
    release();
    const [post] = await harness.fake.waitFor('chat.postMessage');
    expect(textOf(post!)).toMatch(/Phantom Taurus/);
  });

  it('when its backlog is full, tells the asker it is busy, then answers once there is room', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    harness = await SlackHarness.start({
      engine: (engine) => ({
        name: 'gated',
        answer: async (request) => {
          await gate;
          return engine.answer(request);
        },
      }),
      answers: new AnswerQueue({
        logger: silentLogger,
        limits: {
          concurrency: 1,
          perDestination: 1,
          maxWaiting: 0,
          retryDelaysMs: [30, 30, 30, 30],
        },
      }),
    });
    expect((await harness.command('actor Phantom Taurus')).status).toBe(200);
    expect((await harness.command('actor Volt Typhoon', { user: 'U0SECOND' })).status).toBe(200);
    const [busy] = await harness.fake.waitFor('chat.postEphemeral');
    expect(busy!.params).toMatchObject({ channel: 'C0SOC', user: 'U0SECOND' });
    expect(textOf(busy!)).toContain(BUSY_TEXT);
    release();
    await harness.fake.waitFor('chat.postMessage', 2);
    await harness.platform.answers.idle();
    const titles = harness.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.params.thread_ts === undefined)
      .map((c) => blocksOf(c)[0]);
    expect(titles).toEqual([
      expect.objectContaining({ text: expect.objectContaining({ text: 'Phantom Taurus' }) }),
      expect.objectContaining({ text: expect.objectContaining({ text: 'Volt Typhoon' }) }),
    ]);
    expect(harness.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  it('remembers the thread its post starts, under slack:<channel>:<ts>', async () => {
    harness = await SlackHarness.start();
    await harness.command('actor CL-STA-0043');
    await harness.fake.waitFor('chat.postMessage');
    await harness.platform.stop(); // waits for the remember after the post
    const thread = await harness.app.store.getThread('slack:C0SOC:1700000000.000100');
    expect(thread?.subjects).toEqual(['Phantom Taurus']);
    expect(thread?.citations.length).toBeGreaterThan(0);
  });

  it('shows help only to the asker, with /threat in front of each command', async () => {
    harness = await SlackHarness.start();
    expect((await harness.command('help')).status).toBe(200);
    const [ephemeral] = await harness.fake.waitFor('chat.postEphemeral');
    expect(ephemeral!.params).toMatchObject({ channel: 'C0SOC', user: 'U0ANALYST' });
    expect(textOf(ephemeral!)).toContain('/threat actor NAME');
    expect(harness.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('falls back to the response_url when the bot may not post ephemerally there', async () => {
    harness = await SlackHarness.start();
    harness.fake.fail('chat.postEphemeral', 'channel_not_found');
    await harness.command('help', { channel: 'G0PRIVATE' });
    const [response] = await harness.fake.waitFor('response_url');
    expect(response!.params).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(response!.params)).toContain('/threat actor NAME');
  });

  it('tells the asker once, privately, when the channel refuses the post, and logs the code', async () => {
    harness = await SlackHarness.start();
    harness.fake.fail('chat.postMessage', 'not_in_channel');
    await harness.command('actor Phantom Taurus');
    const [ephemeral] = await harness.fake.waitFor('chat.postEphemeral');
    expect(textOf(ephemeral!)).toMatch(/Invite me with `\/invite @ThreatBrief`/);
    expect(await harness.fake.quietFor(100)).toEqual([]);
    expect(harness.logs.join('\n')).toMatch(/"code":"slack:not_in_channel"/);
  });

  it('refuses an admin-only command to a non-admin, privately, and carries it out for an admin', async () => {
    harness = await SlackHarness.start({ env: { ADMIN_USERS: 'U0ADMIN' } });
    await harness.command('clearance amber', { user: 'U0ANALYST' });
    const [refusal] = await harness.fake.waitFor('chat.postEphemeral');
    expect(refusal!.params.user).toBe('U0ANALYST');
    expect(textOf(refusal!)).toMatch(/Only admins may change a clearance/);

    await harness.command('clearance amber', { user: 'U0ADMIN' });
    const [done] = await harness.fake.waitFor('chat.postMessage');
    expect(textOf(done!)).toMatch(/now cleared for TLP:AMBER/);
    expect(await harness.app.store.clearanceOf({ platform: 'slack', channel: 'C0SOC' })).toBe(
      'AMBER',
    );
  });

  it('digest subscribe: refused to a non-admin, accepted from an admin (slack:U ids reach the briefing service)', async () => {
    const subscribed: string[] = [];
    const briefings = fakeBriefings(subscribed);
    harness = await SlackHarness.start({ env: { ADMIN_USERS: 'slack:U0ADMIN' }, briefings });
    await harness.command('digest subscribe 08:00 Europe/Berlin', { user: 'U0ANALYST' });
    const [refusal] = await harness.fake.waitFor('chat.postEphemeral');
    expect(textOf(refusal!)).toMatch(/Only admins may subscribe a channel/);
    expect(subscribed).toEqual([]);

    await harness.command('digest subscribe 08:00 Europe/Berlin', { user: 'U0ADMIN' });
    const [accepted] = await harness.fake.waitFor('chat.postMessage');
    expect(textOf(accepted!)).toMatch(/Subscribed/);
    expect(subscribed).toEqual(['slack:C0SOC 08:00 Europe/Berlin by slack:U0ADMIN']);
  });

  it('never writes the bot token or the signing secret to the log', async () => {
    harness = await SlackHarness.start({ env: { LOG_LEVEL: 'debug' } });
    await harness.command('actor Phantom Taurus');
    await harness.fake.waitFor('chat.postMessage');
    await harness.platform.stop();
    const log = harness.logs.join('\n');
    expect(log).toContain('slack: started');
    expect(log).not.toContain(BOT_TOKEN);
    expect(log).not.toContain(SIGNING_SECRET);
  });
});

/** A hand-written briefing service: records subscriptions, throws on anything else. */
function fakeBriefings(subscribed: string[]): BriefingCommands {
  const unexpected = async (): Promise<never> => {
    throw new Error('not set up in this test');
  };
  return {
    async subscribe(destination, schedule, user) {
      subscribed.push(
        `${destination.platform}:${destination.channel} ${schedule.join(' ')} by ${user}`,
      );
      return notice({
        title: 'Subscribed',
        summary: `Daily briefing at ${schedule.join(' ')}.`,
        clearance: destination.clearance,
      });
    },
    unsubscribe: unexpected,
    configure: unexpected,
    list: unexpected,
    now: unexpected,
    week: unexpected,
    more: unexpected,
    focus: unexpected,
    limit: unexpected,
    watch: unexpected,
    unwatch: unexpected,
    watches: unexpected,
  };
}
