/**
 * `/threat ingest URL` through the app as composed in main.ts: admins only, the page fetched over
 * loopback and stored, the reply says what was stored, and a title above the destination's
 * clearance is not shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { articlePage } from '../fakes/feed-documents.ts';
import { FakeWebServer } from '../fakes/web-server.ts';
import { TEST_NOW, tempDb } from '../support/cli.ts';

const CHANNEL = { platform: 'slack' as const, channel: 'C1', clearance: 'CLEAR' as const };
const lines = (answer: { summary: string; sections: { claims: { text: string }[] }[] }) =>
  [answer.summary, ...answer.sections.flatMap((s) => s.claims.map((c) => c.text))].join('\n');

describe('ingest URL in chat', () => {
  let server: FakeWebServer;
  let app: App;
  beforeAll(async () => {
    server = await FakeWebServer.start();
    server
      .route('/public', {
        body: articlePage('Copper Wren public note', 'Copper Wren', 3),
        type: 'text/html',
      })
      .route('/amber', {
        body: articlePage('Restricted Glass Heron findings', 'Glass Heron', 4).replace(
          '<head>',
          '<head><meta name="tlp" content="TLP:AMBER">',
        ),
        type: 'text/html',
      });
    app = await openApp({
      config: parseConfig({
        THREATBRIEF_DB: tempDb(),
        ADMIN_USERS: 'slack:UADMIN',
        ALLOW_PRIVATE_SOURCES: '1',
      }),
      clock: fixedClock(TEST_NOW),
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await app.close();
    await server.close();
  });

  it('refuses anyone but an admin, without fetching', async () => {
    const result = await app.router.route({
      text: `ingest ${server.url('/public')}`,
      destination: CHANNEL,
      user: 'slack:USOMEONE',
    });
    expect(result.visibility).toBe('ephemeral');
    expect(result.answer.summary).toMatch(/Only admins may ingest reports/);
    expect(server.hits('/public')).toHaveLength(0);
  });

  it('stores the page and says what was stored, in the channel', async () => {
    // Slack sends a pasted link wrapped in angle brackets.
    const result = await app.router.route({
      text: `ingest <${server.url('/public')}>`,
      destination: CHANNEL,
      user: 'slack:UADMIN',
    });
    expect(result.visibility).toBe('channel');
    expect(result.answer.title).toBe('Stored');
    expect(lines(result.answer)).toMatch(
      /stored: Copper Wren public note[^(]* \(TLP:CLEAR, id \w+\)/,
    );
    const [report] = await app.store.listReports();
    expect(report).toMatchObject({ sourceKind: 'url', url: server.url('/public') });

    const again = await app.router.route({
      text: `ingest ${server.url('/public')}`,
      destination: CHANNEL,
      user: 'slack:UADMIN',
    });
    expect(again.answer.title).toBe('Already stored');
  });

  it('does not show the title of a report above the channel clearance', async () => {
    const result = await app.router.route({
      text: `ingest ${server.url('/amber')}`,
      destination: CHANNEL,
      user: 'slack:UADMIN',
    });
    const text = lines(result.answer);
    expect(text).toMatch(/a report above this channel's clearance/);
    expect(text).not.toContain('Glass Heron');
  });

  it('says why nothing was stored', async () => {
    const result = await app.router.route({
      text: `ingest ${server.url('/missing')}`,
      destination: CHANNEL,
      user: 'slack:UADMIN',
    });
    expect(result.answer.title).toBe('Nothing stored');
    expect(result.answer.summary).toMatch(/HTTP 404/);
  });
});
