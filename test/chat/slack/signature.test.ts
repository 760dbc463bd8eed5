/**
 * Every request on our route is checked before Bolt handles it: forged, stale or future-dated
 * requests get 401, malformed payloads 400, a byte-identical replay is answered once; each refusal
 * is one structured log line.
 */
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
    [
      'future timestamp (10 minutes ahead), correctly signed',
      (body: string) => sign(body, Math.floor(Date.now() / 1000) + 600),
    ],
    [
      'future timestamp (a year ahead), correctly signed',
      (body: string) => sign(body, Math.floor(Date.now() / 1000) + 365 * 24 * 3600),
    ],
    ['no signature headers', () => ({})],
  ])('%s: 401, nothing posted', async (_, headers) => {
    harness = await SlackHarness.start();
    const body = commandBody('actor Phantom Taurus');
    const sent = await harness.post(body, FORM, headers(body));
    expect(sent.status).toBe(401);
    expect(await harness.fake.quietFor(150)).toEqual([]);
    expect(harness.fake.calls.map((c) => c.method)).toEqual(['auth.test']);
    const refusals = harness.logs.filter((l) => l.includes('request refused'));
    expect(refusals).toHaveLength(1);
    expect(JSON.parse(refusals[0]!)).toMatchObject({ level: 'warn', status: 401 });
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

  it('answers a byte-identical slash command replayed within the window once', async () => {
    harness = await SlackHarness.start();
    const body = commandBody('actor Phantom Taurus', { responseUrl: harness.fake.responseUrl() });
    const headers = sign(body);
    expect((await harness.post(body, FORM, headers)).status).toBe(200);
    expect((await harness.post(body, FORM, headers)).status).toBe(200);
    await harness.fake.waitFor('chat.postMessage');
    await harness.platform.stop();
    const parents = harness.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.params.thread_ts === undefined);
    expect(parents).toHaveLength(1);
    expect(harness.logs.filter((l) => l.includes('replayed request ignored'))).toHaveLength(1);
    // The same command typed again is a new request (new timestamp or trigger): answered again.
  });

  it.each([
    ['block_actions without a user', { type: 'block_actions', actions: [], trigger_id: '1.2.3' }],
    ['block_actions with a user that is not an id', { type: 'block_actions', user: { id: 'x' } }],
    ['an event callback without an event', { type: 'event_callback', event_id: 'Ev1' }],
  ])('%s: a clean 400 and one log line, nothing run', async (_, payload) => {
    harness = await SlackHarness.start();
    const sent =
      payload.type === 'event_callback'
        ? await harness.post(JSON.stringify(payload), 'application/json')
        : await harness.action(payload);
    expect(sent.status).toBe(400);
    expect(sent.body).toMatch(/without/);
    expect(await harness.fake.quietFor(100)).toEqual([]);
    const lines = harness.logs.filter((l) => !/slack: (started|stopped)/.test(l));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', status: 400 });
    expect(lines[0]).not.toMatch(/\bat .*\.(?:js|ts):\d+/);
  });

  it('a slash command without a user: 400', async () => {
    harness = await SlackHarness.start();
    const body = commandBody('actor Phantom Taurus').replace(/user_id=[^&]*&/, '');
    expect((await harness.post(body, FORM)).status).toBe(400);
  });

  it('writes no refusal line when LOG_LEVEL is error', async () => {
    harness = await SlackHarness.start({ env: { LOG_LEVEL: 'error' } });
    const body = commandBody('actor Phantom Taurus');
    expect((await harness.post(body, FORM, sign(body, 1))).status).toBe(401);
    expect((await harness.action({ type: 'block_actions' })).status).toBe(400);
    expect(harness.logs).toEqual([]);
  });
});
