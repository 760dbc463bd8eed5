/**
 * `serve` end to end on loopback with Teams in dev mode: /healthz, a scheduled briefing posted
 * by the scheduler through the Teams destination, and a follow-up in the briefing's thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsPlatform } from '../../src/chat/teams/teams-platform.ts';
import { parseConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { type Serving, startServing } from '../../src/serve/serve.ts';
import { examplesDb, GENERAL, installed, threadReply } from '../chat/teams/harness.ts';
import { FakeTeamsConnector } from '../fakes/teams-connector.ts';

let app: App | undefined;
let serving: Serving | undefined;
let connector: FakeTeamsConnector | undefined;
afterEach(async () => {
  await serving?.close();
  await app?.close();
  await connector?.close();
  serving = undefined;
  app = undefined;
});

describe('threatbrief serve', () => {
  it('serves Teams with /healthz and posts a due briefing into the channel, where follow-ups work', async () => {
    connector = await FakeTeamsConnector.start();
    app = await openApp({
      config: parseConfig({
        THREATBRIEF_DB: await examplesDb(),
        TEAMS_DEV_MODE: '1',
        HOST: '127.0.0.1',
        PORT: '0',
        ADMIN_USERS: 'teams:admin',
        BRIEFINGS_DIR: `${await examplesDb()}.briefings`,
      }),
      clock: fixedClock('2026-11-21T08:00:30Z'),
      logger: silentLogger,
    });
    serving = await startServing(app, [createTeamsPlatform(app)]);
    const base = `http://127.0.0.1:${serving.port}`;
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health).toMatchObject({
      ok: true,
      platforms: [{ name: 'teams', mode: 'dev' }],
      store: 'sqlite',
      briefings: 0,
    });
    expect(health).not.toHaveProperty('reports');

    const post = (activity: object) =>
      fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
    expect((await post(installed(connector.serviceUrl))).status).toBe(200);
    const destination = await app.router.resolveDestination({
      platform: 'teams',
      channel: GENERAL,
    });
    const subscribed = await app.router.route({
      text: 'digest subscribe 08:00 UTC',
      destination,
      user: 'teams:admin',
    });
    expect(subscribed.answer.title).toBe('Subscribed to briefings');

    // Every replica polls for new subscriptions; with catch-up on, the 08:00 period is still due.
    await serving.scheduler.refresh({ catchUp: true });
    expect(serving.scheduler.jobs).toBe(1);
    expect(connector.created).toHaveLength(1);
    const root = connector.created[0]!;
    const card = JSON.stringify(root.body.activity.attachments[0].content);
    expect(card).toContain('Briefing 2026-11-21');
    expect(card).toContain('Phantom Taurus');
    const [run] = await app.store.digestRuns((await app.store.listSubscriptions())[0]!.id);
    expect(run).toMatchObject({
      status: 'posted',
      threadId: `teams:${GENERAL};messageid=${root.id}`,
    });

    const before = connector.messages.length;
    expect(
      (await post(threadReply(connector.serviceUrl, `more on item 1`, root.id!, '9101', GENERAL)))
        .status,
    ).toBe(200);
    // The answer is composed after the response, off the request path.
    await connector.waitForPosts(before + connector.created.length + 1);
    const replies = connector.messages.slice(before);
    expect(replies.length).toBeGreaterThan(0);
    expect(JSON.stringify(replies[0]!.body)).toMatch(/Item 1: /);

    // The same period is not posted twice.
    await serving.scheduler.refresh({ catchUp: true });
    expect(connector.created).toHaveLength(1);
  });
});
