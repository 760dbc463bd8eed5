/**
 * SlackDestination, as the digest scheduler and the watch alerts use it: a long briefing becomes a
 * parent post plus thread replies; 429s are waited out; failed posts are retried with backoff,
 * and reported once the retries are spent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderSlack } from '../../../src/chat/render/slack-blocks.ts';
import type { Answer, Citation } from '../../../src/core/model/answer.ts';
import { blocksOf, textOf } from '../../fakes/slack-web-api.ts';
import { tempDb } from '../../support/cli.ts';
import { SlackHarness } from './slack-harness.ts';

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A briefing of 12 stories, each a few long cited sentences: too much for one Slack message. */
function longBriefing(): Answer {
  const citations: Citation[] = Array.from({ length: 12 }, (_, i) => ({
    n: i + 1,
    reportId: `r${i + 1}`,
    title: `Story ${i + 1} report`,
    publisher: `Outlet ${i + 1}`,
    url: `https://news.example/${i + 1}`,
    published: '2025-10-04',
    tlp: 'CLEAR',
    reliability: 'B',
    aiGenerated: false,
    quote: `quote ${i + 1}`,
    quotes: [`quote ${i + 1}`],
  }));
  const sentence = (i: number, j: number) =>
    `Story ${i + 1}, sentence ${j + 1}: ${'operators moved laterally through the estate and staged data for exfiltration. '.repeat(9)}`;
  return {
    kind: 'briefing',
    query: 'digest',
    title: 'Threat briefing — 2025-10-05',
    summary: '12 stories since the last briefing.',
    sections: Array.from({ length: 12 }, (_, i) => ({
      title: `${i + 1}. Story ${i + 1}`,
      claims: Array.from({ length: 3 }, (_, j) => ({
        text: sentence(i, j),
        citations: [i + 1],
        evidence: [{ n: i + 1, quote: `quote ${i + 1}` }],
      })),
    })),
    attribution: [],
    citations,
    withheld: 0,
    clearance: 'CLEAR',
    suggestions: [],
    subjects: [],
    engine: 'extractive',
    notice: null,
  };
}

const emptyDb = () => ({ db: tempDb() });

describe('SlackDestination', () => {
  it('posts a long briefing as a parent message plus thread replies, and names the thread', async () => {
    harness = await SlackHarness.start(emptyDb());
    const answer = longBriefing();
    const expected = renderSlack(answer);
    expect(expected.length).toBeGreaterThan(1);

    const posted = await harness.platform.destination.post('C123', { answer });

    const posts = harness.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(expected.length);
    const [parent, ...replies] = posts;
    expect(parent!.params.thread_ts).toBeUndefined();
    expect(parent!.params).toMatchObject({
      channel: 'C123',
      link_names: 'false',
      unfurl_links: 'false',
    });
    expect(blocksOf(parent!)[0]).toMatchObject({ type: 'header' });
    expect(textOf(parent!)).toMatch(/Continued in the thread/);
    const parentTs = posted.messageIds[0]!;
    for (const reply of replies)
      expect(reply.params).toMatchObject({ channel: 'C123', thread_ts: parentTs });
    expect(textOf(posts.at(-1)!)).toMatch(/\[12\] /);
    expect(posted).toEqual({
      threadId: `slack:C123:${parentTs}`,
      messageIds: expected.map((_, i) => `1700000000.${String((i + 1) * 100).padStart(6, '0')}`),
    });
  });

  it('posts into an existing thread when given its thread id', async () => {
    harness = await SlackHarness.start(emptyDb());
    const posted = await harness.platform.destination.post('C123', {
      answer: longBriefing(),
      threadId: 'slack:C123:1690000000.000100',
    });
    const posts = harness.fake.callsTo('chat.postMessage');
    expect(posts.every((p) => p.params.thread_ts === '1690000000.000100')).toBe(true);
    expect(posted.threadId).toBe('slack:C123:1690000000.000100');
    expect(posted.messageIds).toHaveLength(posts.length);
  });

  it('waits out a 429 for its Retry-After before posting again (the one retry layer)', async () => {
    const waits: number[] = [];
    harness = await SlackHarness.start({
      ...emptyDb(),
      postRetry: { attempts: 3, delayMs: () => 10, sleep: async (ms) => void waits.push(ms) },
    });
    harness.fake.rateLimit('chat.postMessage', 1, '2');
    const posted = await harness.platform.destination.post('C123', {
      answer: { ...longBriefing(), sections: [] },
    });
    expect(waits).toEqual([2000]);
    expect(harness.fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(posted.messageIds).toHaveLength(1);
  });

  it('retries a failed post with backoff, then succeeds', async () => {
    const waits: number[] = [];
    harness = await SlackHarness.start({
      ...emptyDb(),
      postRetry: {
        attempts: 4,
        delayMs: (n) => 1000 * 4 ** (n - 1),
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    });
    harness.fake.fail('chat.postMessage', 'internal_error', 2);
    const posted = await harness.platform.destination.post('C123', {
      answer: { ...longBriefing(), sections: [] },
    });
    expect(waits).toEqual([1000, 4000]);
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(posted.messageIds).toEqual(['1700000000.000100']);
    expect(harness.logs.join('\n')).toMatch(/retrying.*"code":"slack:internal_error"/);
  });

  it('reports a post that keeps failing, and does not retry what cannot succeed', async () => {
    const waits: number[] = [];
    harness = await SlackHarness.start({
      ...emptyDb(),
      postRetry: { attempts: 3, delayMs: () => 10, sleep: async (ms) => void waits.push(ms) },
    });
    harness.fake.fail('chat.postMessage', 'service_unavailable', 5);
    await expect(
      harness.platform.destination.post('C123', { answer: longBriefing() }),
    ).rejects.toMatchObject({
      code: 'platform',
      message: expect.stringMatching(
        /post 1 of \d+ to C123 failed \(slack:service_unavailable\); 0 posted/,
      ),
    });
    expect(waits).toEqual([10, 10]);

    harness.fake.fail('chat.postMessage', 'channel_not_found', 1);
    await expect(
      harness.platform.destination.post('C404', { answer: longBriefing() }),
    ).rejects.toMatchObject({
      code: 'platform',
      message: expect.stringMatching(/channel_not_found/),
    });
    expect(waits).toEqual([10, 10]);
  });

  describe('one retry layer, each part sent once', () => {
    const quick = () => ({
      ...emptyDb(),
      clientTimeoutMs: 300,
      postRetry: { attempts: 4, delayMs: () => 5, sleep: async () => {} },
    });

    it('a part Slack took in before the request timed out is found, not sent again', async () => {
      harness = await SlackHarness.start(quick());
      const answer = longBriefing();
      const parts = renderSlack(answer).length;
      // The parent arrives but its answer never does; then a thread reply does the same.
      harness.fake.acceptThenHang('chat.postMessage', { times: 1 });
      const first = harness.platform.destination.post('C123', { answer });
      const posted = await first;
      expect(harness.fake.messages).toHaveLength(parts);
      expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(parts);
      expect(harness.fake.callsTo('conversations.history')).toHaveLength(1);
      expect(posted.messageIds).toEqual(harness.fake.messages.map((m) => m.ts));
      expect(harness.logs.join('\n')).toMatch(/timed out but had arrived; not sent again/);

      harness.fake.messages.length = 0;
      harness.fake.acceptThenHang('chat.postMessage', { times: 1, after: 2 });
      const again = await harness.platform.destination.post('C124', { answer });
      expect(harness.fake.messages).toHaveLength(parts);
      expect(new Set(harness.fake.messages.map((m) => m.ts)).size).toBe(parts);
      expect(harness.fake.callsTo('conversations.replies')).toHaveLength(1);
      expect(again.messageIds).toEqual(harness.fake.messages.map((m) => m.ts));
    });

    it('a part that surely never arrived (connection cut before it was read) is sent again', async () => {
      harness = await SlackHarness.start(quick());
      harness.fake.drop('chat.postMessage', 1);
      const posted = await harness.platform.destination.post('C123', {
        answer: { ...longBriefing(), sections: [] },
      });
      expect(harness.fake.messages).toHaveLength(1);
      expect(posted.messageIds).toEqual([harness.fake.messages[0]!.ts]);
    });

    it('when the conversation cannot be checked, the part is not sent again and the post says so', async () => {
      harness = await SlackHarness.start(quick());
      harness.fake.acceptThenHang('chat.postMessage', { times: 1 });
      harness.fake.fail('conversations.history', 'not_in_channel');
      await expect(
        harness.platform.destination.post('C123', { answer: longBriefing() }),
      ).rejects.toMatchObject({
        code: 'platform',
        message: expect.stringMatching(
          /post 1 of \d+ to C123 failed \(slack:slack_webapi_request_error\); it may have been posted and could not be checked \(slack:not_in_channel\), so it was not sent again; 0 posted/,
        ),
      });
      expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(1);
    });

    it('a reply to a slash command that timed out after arriving is posted once', async () => {
      harness = await SlackHarness.start(quick());
      harness.fake.acceptThenHang('chat.postMessage', { times: 1 });
      await harness.command('actor Phantom Taurus');
      await harness.fake.waitFor('conversations.history');
      await harness.platform.answers.idle();
      expect(harness.fake.messages.filter((m) => !m.thread_ts)).toHaveLength(1);
      expect(harness.fake.callsTo('chat.postEphemeral')).toEqual([]);
    });
  });
});
