/** Bolt's HTTPReceiver checks every request on our route: forged or stale requests get 401 and do nothing. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandBody, EXAMPLES, ingestedDb, SlackHarness, sign } from './slack-harness.ts';

// The examples corpus is ingested once per file, outside the tests' time.
beforeAll(() => ingestedDb(EXAMPLES));

let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const FORM = 'application/x-www-form-urlencoded';

describe('request signatures on POST /slack/events', () => {
  it.each([
    ['signed with another secret', (body: string) => sign(body, undefined, 'not-the-secret-0000')],
    ['signature of another body', (body: string) => sign(body.replace('Phantom', 'Volt'))],
    [
      'stale timestamp (10 minutes old), correctly signed',
      (body: string) => sign(body, Math.floor(Date.now() / 1000) - 600),
    ],
    ['no signature headers', () => ({})],
  ])('%s: 401, nothing posted', async (_, headers) => {
    harness = await SlackHarness.start();
    const body = commandBody('actor Phantom Taurus');
    const sent = await harness.post(body, FORM, headers(body));
    expect(sent.status).toBe(401);
    expect(await harness.fake.quietFor(150)).toEqual([]);
    expect(harness.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
  });

  it('answers Slack’s URL verification challenge when signed', async () => {
    harness = await SlackHarness.start();
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' });
    const sent = await harness.post(body, 'application/json');
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toEqual({ challenge: 'c-123' });
  });

  it('answers 503 until the platform is started, and again after it stopped', async () => {
    harness = await SlackHarness.start();
    await harness.platform.stop();
    const sent = await harness.command('actor Phantom Taurus');
    expect(sent.status).toBe(503);
    expect(await harness.fake.quietFor(100)).toEqual([]);
  });
});
