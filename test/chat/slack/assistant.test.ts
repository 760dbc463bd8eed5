/**
 * The assistant (agent) panel: suggested prompts when a thread starts; status while working, a
 * title from the first question, and answers in the thread that remember its subject.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUGGESTED_PROMPTS } from '../../../src/chat/slack/listeners/assistant/thread-started.ts';
import { textOf } from '../../fakes/slack-web-api.ts';
import { EXAMPLES, ingestedDb, SlackHarness } from './slack-harness.ts';

// The examples corpus is ingested once per file, outside the tests' time.
beforeAll(() => ingestedDb(EXAMPLES));

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const THREAD = '1700000700.000100';

function inPanel(text: string, ts: string): Record<string, unknown> {
  return {
    type: 'message',
    channel: 'D0DM',
    channel_type: 'im',
    user: 'U0ANALYST',
    text,
    ts,
    thread_ts: THREAD,
  };
}

describe('assistant panel', () => {
  it('greets a new thread with the suggested prompts', async () => {
    harness = await SlackHarness.start();
    await harness.event({
      type: 'assistant_thread_started',
      assistant_thread: {
        user_id: 'U0ANALYST',
        context: { channel_id: 'C0SOC', team_id: 'T0TEST', enterprise_id: null },
        channel_id: 'D0DM',
        thread_ts: THREAD,
      },
      event_ts: '1700000700.000200',
    });
    const [prompts] = await harness.fake.waitFor('assistant.threads.setSuggestedPrompts');
    expect(prompts!.params).toMatchObject({ channel_id: 'D0DM', thread_ts: THREAD });
    expect(JSON.parse(String(prompts!.params.prompts))).toEqual(SUGGESTED_PROMPTS);
    const [greeting] = harness.fake.callsTo('chat.postMessage');
    expect(greeting!.params).toMatchObject({ channel: 'D0DM', thread_ts: THREAD });
  });

  it('sets status and title, answers in the thread, and follows up on "they"', async () => {
    harness = await SlackHarness.start();
    await harness.event(inPanel('actor Phantom Taurus', '1700000800.000100'));
    const [answer] = await harness.fake.waitFor('chat.postMessage');
    expect(answer!.params).toMatchObject({ channel: 'D0DM', thread_ts: THREAD });
    expect(textOf(answer!)).toMatch(/China, state-sponsored/);
    const [title] = harness.fake.callsTo('assistant.threads.setTitle');
    expect(title!.params).toMatchObject({
      channel_id: 'D0DM',
      thread_ts: THREAD,
      title: 'actor Phantom Taurus',
    });
    const [status] = harness.fake.callsTo('assistant.threads.setStatus');
    expect(status!.params.status).toBe('is reading the reports…');
    const order = harness.fake.calls.map((c) => c.method);
    expect(order.indexOf('assistant.threads.setStatus')).toBeLessThan(
      order.indexOf('chat.postMessage'),
    );

    await harness.thread(`slack:D0DM:${THREAD}`);
    await harness.event(inPanel('what malware do they use?', '1700000900.000100'));
    const [, followUp] = await harness.fake.waitFor('chat.postMessage', 2);
    expect(followUp!.params.thread_ts).toBe(THREAD);
    expect(textOf(followUp!)).toMatch(/NET-STAR/);
    expect(harness.fake.callsTo('assistant.threads.setTitle')).toHaveLength(1);
  });

  it('shows help in the thread (the panel is private), not as an ephemeral message', async () => {
    harness = await SlackHarness.start();
    await harness.event(inPanel('help', '1700000800.000100'));
    const [help] = await harness.fake.waitFor('chat.postMessage');
    expect(help!.params.thread_ts).toBe(THREAD);
    expect(textOf(help!)).toContain('actor NAME');
    expect(harness.fake.callsTo('chat.postEphemeral')).toEqual([]);
  });
});
