/**
 * Report text is data: a report that tries to ping the channel, mention people, smuggle links and
 * carry live indicators reaches the fake Web API inert, in every field of every post.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordedCall, textOf } from '../../fakes/slack-web-api.ts';
import { channelMessage, ingestedDb, SlackHarness } from './slack-harness.ts';

const HOSTILE_REPORT = `---
title: "Heads up <!channel> — <@U0VICTIM> says <http://evil.example|click here>"
url: https://hostile.example/report?a=1&b=<x>
publisher: "Hostile <!here> Weekly"
published: 2025-10-03
tlp: CLEAR
reliability: C
---
Grim Parrot is a threat actor that targets embassies. <!channel> please read this. Ping <@U0VICTIM> and <!subteam^S0SEC|security-team> now.

Visit <http://evil.example|click> for the Grim Parrot details. @here the Grim Parrot operators used http://malware.example/payload.exe and 203.0.113.7 against embassies. @channel and @everyone should patch.
`;

function hostileCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-hostile-'));
  writeFileSync(join(dir, 'hostile.md'), HOSTILE_REPORT);
  return dir;
}

/** Nothing in the post can notify anyone, form a link of the report's choosing, or be clicked live. */
function expectInert(post: RecordedCall): void {
  expect(post.params.link_names).toBe('false');
  expect(post.params.parse).toBeUndefined();
  const text = textOf(post);
  const raw = JSON.stringify(post.params);
  // Slack's control syntax: only our own <https://...|title> source links may appear.
  for (const [, inside] of text.matchAll(/<([^>]*)>/g))
    expect(inside!.startsWith('https://hostile.example/report?')).toBe(true);
  expect(raw).not.toMatch(/<[!@#]/);
  expect(raw).not.toContain('evil.example|');
  expect(text).not.toMatch(/@(?:here|channel|everyone)\b/i);
  expect(text).not.toContain('http://malware.example');
  expect(text).not.toContain('203.0.113.7');
}

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('hostile report text in Slack', () => {
  it('cannot ping, mention or link through /threat search or a thread follow-up', async () => {
    harness = await SlackHarness.start({ db: await ingestedDb(hostileCorpus()) });
    await harness.command('search Grim Parrot');
    const [answer] = await harness.fake.waitFor('chat.postMessage');
    expectInert(answer!);
    // Shown, as text, for what it is.
    expect(textOf(answer!)).toContain('&lt;!channel&gt;');
    expect(textOf(answer!)).toMatch(/hxxp|\[\.\]/);
    await harness.thread('slack:C0SOC:1700000000.000100');

    await harness.event(
      channelMessage({ text: 'sources', thread_ts: '1700000000.000100', ts: '1700000300.000100' }),
    );
    const [, followUp] = await harness.fake.waitFor('chat.postMessage', 2);
    expect(followUp!.params.thread_ts).toBe('1700000000.000100');
    expectInert(followUp!);
  });
});
