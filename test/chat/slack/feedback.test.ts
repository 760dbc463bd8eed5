/** 👍/👎 under an answer: the click is acked and stored with the answer it rates, by Slack user. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf } from '../../fakes/slack-web-api.ts';
import { EXAMPLES, ingestedDb, SlackHarness } from './slack-harness.ts';

// The examples corpus is ingested once per file, outside the tests' time.
beforeAll(() => ingestedDb(EXAMPLES));

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function click(value: string, user = 'U0ANALYST'): Record<string, unknown> {
  return {
    type: 'block_actions',
    token: 'legacy-verification-token',
    api_app_id: 'A0TEST',
    team: { id: 'T0TEST', domain: 'threatbrief-test' },
    user: { id: user, username: 'analyst', team_id: 'T0TEST' },
    channel: { id: 'C0SOC', name: 'soc' },
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0SOC' },
    message: { type: 'message', ts: '1700000000.000100', text: 'Phantom Taurus' },
    trigger_id: '1.2.3',
    response_url: 'http://127.0.0.1:9/respond',
    actions: [
      {
        type: 'feedback_buttons',
        action_id: 'answer_feedback',
        block_id: 'feedback',
        value,
        text: { type: 'plain_text', text: '👍' },
        action_ts: '1700000600.000100',
      },
    ],
  };
}

describe('feedback buttons', () => {
  it('stores a rating with the answer it rates; a second click by the same user replaces it', async () => {
    harness = await SlackHarness.start();
    await harness.command('actor Phantom Taurus');
    const [post] = await harness.fake.waitFor('chat.postMessage');
    const feedback = blocksOf(post!).find((b) => b.type === 'context_actions');
    const button = (feedback as unknown as { elements: [{ positive_button: { value: string } }] })
      .elements[0].positive_button;
    const answerId = button.value.replace(/:up$/, '');

    const sent = await harness.action(click(`${answerId}:up`));
    expect(sent.status).toBe(200);
    await harness.action(click(`${answerId}:down`, 'U0LEAD'));
    await harness.action(click(`${answerId}:down`));
    await harness.platform.stop();

    const ratings = await harness.app.store.feedbackFor(answerId);
    expect(ratings.map((r) => [r.user, r.rating]).sort()).toEqual([
      ['slack:U0ANALYST', 'down'],
      ['slack:U0LEAD', 'down'],
    ]);
    expect((await harness.app.store.getAnswer(answerId))?.destination).toBe('slack:C0SOC');
  });

  it('acks and ignores a value that is not a rating', async () => {
    harness = await SlackHarness.start();
    expect((await harness.action(click('<!channel>:sideways'))).status).toBe(200);
    await harness.platform.stop();
    expect(harness.logs.join('\n')).toMatch(/malformed feedback action/);
    expect(harness.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
  });
});
