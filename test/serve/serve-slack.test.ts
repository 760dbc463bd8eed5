/**
 * `serve` end to end on loopback with Slack over HTTP: a signed `/threat digest subscribe` by an
 * admin, the scheduler posting the due briefing to the channel through the fake Web API, and a
 * reader's follow-up in the briefing's thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatforms } from '../../src/cli/serve.ts';
import { parseConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { type Serving, startServing } from '../../src/serve/serve.ts';
import {
  BOT_TOKEN,
  channelMessage,
  commandBody,
  EXAMPLES,
  ingestedDb,
  SIGNING_SECRET,
  sign,
} from '../chat/slack/slack-harness.ts';
import { blocksOf, FakeSlackWebApi, textOf } from '../fakes/slack-web-api.ts';

let app: App | undefined;
let serving: Serving | undefined;
let fake: FakeSlackWebApi | undefined;
afterEach(async () => {
  await serving?.close();
  await app?.close();
  await fake?.close();
  serving = undefined;
  app = undefined;
  fake = undefined;
});

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('threatbrief serve with Slack and Teams configured', () => {
  it('serves both, posts a subscribed Slack channel its briefing, and answers follow-ups in its thread', async () => {
    fake = await FakeSlackWebApi.start();
    app = await openApp({
      config: parseConfig({
        THREATBRIEF_DB: await ingestedDb(EXAMPLES),
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.url,
        HOST: '127.0.0.1',
        PORT: '0',
        ADMIN_USERS: 'slack:U0ADMIN',
        TEAMS_DEV_MODE: '1',
        BRIEFINGS_DIR: `${await ingestedDb(EXAMPLES)}.briefings`,
      }),
      clock: fixedClock('2026-11-21T07:00:20Z'),
      logger: silentLogger,
    });
    // Configured for both: serve starts Slack and Teams on one server.
    serving = await startServing(app, createPlatforms(app));
    const base = `http://127.0.0.1:${serving.port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({
      ok: true,
      platforms: [
        { name: 'slack', mode: 'http' },
        { name: 'teams', mode: 'dev' },
      ],
    });
    const teamsRoute = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(teamsRoute.status).toBe(400);

    const body = commandBody('digest subscribe 08:00 Europe/Berlin', {
      user: 'U0ADMIN',
      channel: 'C0BRIEF',
    });
    const ack = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
    expect(ack.status).toBe(200);
    await until(() =>
      fake!.calls.some((c) => c.method === 'chat.postMessage' && textOf(c).includes('Subscribed')),
    );

    await serving.scheduler.refresh({ catchUp: true });
    const briefing = fake.calls.filter(
      (c) =>
        c.method === 'chat.postMessage' && c.params.channel === 'C0BRIEF' && !c.params.thread_ts,
    );
    const parent = briefing.at(-1)!;
    expect(JSON.stringify(blocksOf(parent))).toContain('Briefing 2026-11-21');
    expect(parent.params.link_names).toBe('false');
    const run = (await app.store.digestRuns((await app.store.listSubscriptions())[0]!.id))[0]!;
    expect(run.status).toBe('posted');
    const threadTs = run.threadId!.split(':').at(-1)!;

    const event = {
      type: 'event_callback',
      event_id: 'Ev0FOLLOWUP',
      event: channelMessage({
        channel: 'C0BRIEF',
        text: 'more on item 1',
        thread_ts: threadTs,
        ts: '1763712000.000200',
      }),
    };
    const json = JSON.stringify(event);
    await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign(json) },
      body: json,
    });
    await until(() =>
      fake!.calls.some(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.params.thread_ts === threadTs &&
          textOf(c).includes('Item 1'),
      ),
    );
  });
});
