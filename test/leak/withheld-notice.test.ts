/**
 * The withheld notice, per destination: by default an answer counts the reports left out above
 * the clearance (the product's promise); `withheld silent` says nothing, so a keyword search
 * cannot learn that restricted reports mention it. Chat and the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/chat/render/markdown.ts';
import { parseConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { cli } from '../support/cli.ts';
import { copyDb } from '../support/fixture-dbs.ts';
import { fullDb } from './leak-fixtures.ts';

const NOW = '2026-11-20T13:00:00Z';
const CHANNEL = { platform: 'slack', channel: 'C1', clearance: 'CLEAR' as const };
const OTHER = { platform: 'slack', channel: 'C2', clearance: 'CLEAR' as const };

describe('withheld count | silent', () => {
  let app: App;
  let db: string;
  beforeAll(async () => {
    db = copyDb(await fullDb());
    app = await openApp({
      config: parseConfig({ THREATBRIEF_DB: db, ADMIN_USERS: 'slack:UADMIN' }),
      clock: fixedClock(NOW),
      logger: silentLogger,
    });
  });
  afterAll(() => app.close());

  const search = async (destination: typeof CHANNEL) =>
    (await app.router.route({ text: 'search ZORBLEFLUX', destination })).answer;

  it('counts by default, says nothing once an admin sets silent, and counts again on count', async () => {
    const counted = await search(CHANNEL);
    expect(counted.withheld).toBe(1);
    expect(renderMarkdown(counted)).toMatch(/1 report above this destination's clearance/);

    const refused = await app.router.route({
      text: 'withheld silent',
      destination: CHANNEL,
      user: 'slack:USOMEONE',
    });
    expect(refused.answer.summary).toMatch(/Only admins/);
    const set = await app.router.route({
      text: 'withheld silent',
      destination: CHANNEL,
      user: 'slack:UADMIN',
    });
    expect(set.answer.summary).toMatch(/say nothing about reports above the clearance/);

    const silent = await search(CHANNEL);
    expect(silent.withheld).toBe(0);
    expect(renderMarkdown(silent)).not.toMatch(/above this destination's clearance/);
    // Another destination keeps the default.
    expect((await search(OTHER)).withheld).toBe(1);

    await app.router.route({ text: 'withheld count', destination: CHANNEL, user: 'slack:UADMIN' });
    expect((await search(CHANNEL)).withheld).toBe(1);
  });

  it('the CLI sets it per destination, and for its own answers', async () => {
    const run = cli(db, {}, fixedClock(NOW));
    expect((await run('search', 'ZORBLEFLUX', '--clearance', 'clear')).stdout).toMatch(/left out/);
    const set = await run('digest', 'withheld', 'silent');
    expect(set.stdout).toMatch(/say nothing/);
    expect((await run('search', 'ZORBLEFLUX', '--clearance', 'clear')).stdout).not.toMatch(
      /left out/,
    );
    const actor = await run('ask', 'what is ZORBLEFLUX?', '--clearance', 'clear', '--json');
    expect(actor.json().withheld).toBe(0);
    expect((await run('digest', 'withheld', 'silent', '--for', 'slack:C9')).code).toBe(0);
    expect((await run('digest', 'withheld', 'loud')).code).toBe(1);
  });
});
