import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { cli, tempDb } from '../support/cli.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples/reports');
let app: App;
let db: string;

beforeAll(async () => {
  db = tempDb();
  await cli(db, {}, fixedClock('2026-11-20T12:00:00Z'))('ingest', EXAMPLES);
  app = await openApp({
    config: parseConfig({
      THREATBRIEF_DB: db,
      ADMIN_USERS: 'slack:UADMIN, UOTHERADMIN',
      DIGEST_TIMEZONE: 'Europe/Berlin',
    }),
    clock: fixedClock('2026-11-21T06:30:00Z'),
    logger: silentLogger,
  });
});
afterAll(() => app.close());

const say = async (text: string, user = 'slack:UADMIN', threadId?: string) =>
  app.router.route({
    text,
    destination: await app.router.resolveDestination({ platform: 'slack', channel: 'CSOC' }),
    user,
    threadId,
  });

describe('briefing commands in chat', () => {
  it('lets admins subscribe with a time and zone, and refuses everyone else', async () => {
    const refused = await say('digest subscribe 08:00 Europe/Berlin', 'slack:UINTERN');
    expect(refused).toMatchObject({ visibility: 'ephemeral', answer: { title: 'Not allowed' } });
    const done = await say('digest subscribe 08:00 Europe/Berlin');
    expect(done.answer.summary).toBe(
      'Briefing daily at 08:00 Europe/Berlin, cleared for TLP:CLEAR. Next: 2026-11-21 08:00 Europe/Berlin.',
    );
    const bare = await say('digest subscribe 7:15', 'slack:UOTHERADMIN');
    expect(bare.answer.summary).toMatch(/^Briefing daily at 07:15 Europe\/Berlin/);
    const cron = await say('digest subscribe 30 6 * * 1-5 UTC');
    expect(cron.answer.summary).toMatch(/^Briefing weekdays at 06:30 UTC/);
    expect(await app.store.listSubscriptions()).toHaveLength(1);
    const bad = await say('digest subscribe 25:99 Mars/Olympus');
    expect(bad.answer).toMatchObject({ title: 'Not subscribed' });
    expect(bad.answer.summary).toMatch(/not a time zone/);
    const list = await say('digest list', 'slack:UINTERN');
    expect(list.answer.summary).toMatch(/weekdays at 06:30 UTC, TLP:CLEAR\. Next: /);
  });

  it('posts a briefing now, and "more on item N" in its thread expands that item', async () => {
    const briefing = await say('digest now', 'slack:UINTERN');
    expect(briefing.visibility).toBe('channel');
    expect(briefing.answer.kind).toBe('briefing');
    const items = briefing.digestItems!;
    expect(items.length).toBeGreaterThan(5);
    const threadId = 'slack:CSOC:1732170000.000100';
    await app.router.remember(threadId, { answer: briefing.answer, digestItems: items });
    const pt = items.find((i) => i.actors.includes('Phantom Taurus'))!;
    const more = await say(`more on item ${pt.n}`, 'slack:UINTERN', threadId);
    expect(more.answer.title).toBe(`Item ${pt.n}: ${pt.title}`);
    expect(more.answer.subjects).toEqual(['Phantom Taurus']);
    expect(more.answer.citations.every((c) => c.tlp === 'CLEAR')).toBe(true);
    const tooFar = await say('more on item 99', 'slack:UINTERN', threadId);
    expect(tooFar.answer.summary).toMatch(/has no item 99/);
  });

  it('changes a channel clearance only for admins, and the subscription follows it', async () => {
    expect((await say('clearance amber', 'slack:UINTERN')).answer.title).toBe('Not allowed');
    expect((await say('clearance', 'slack:UINTERN')).answer.summary).toBe(
      'This destination is cleared for TLP:CLEAR.',
    );
    await say('clearance amber');
    expect((await say('clearance', 'slack:UINTERN')).answer.summary).toBe(
      'This destination is cleared for TLP:AMBER.',
    );
    expect((await app.store.listSubscriptions())[0]!.clearance).toBe('AMBER');
    await say('clearance clear');
  });

  it('watches and unwatches actors by any alias', async () => {
    expect((await say('watch Midnight Blizzard')).answer.title).toBe('Watching APT29');
    expect((await say('watch APT 29')).answer.title).toBe('Already watching APT29');
    expect((await say('watch Phantom Tauros')).answer.summary).toMatch(
      /Did you mean Phantom Taurus\?/,
    );
    expect(
      (await say('watches', 'slack:UINTERN')).answer.sections[0]!.claims.map((c) => c.text),
    ).toEqual(['APT29']);
    expect((await say('unwatch cozy bear')).answer.title).toBe('Stopped watching APT29');
    expect((await say('digest unsubscribe')).answer.title).toBe('Unsubscribed');
  });
});

describe('threatbrief digest and schedule', () => {
  it('prints the digest contract as JSON', async () => {
    const run = cli(db, {}, fixedClock('2026-11-21T08:00:00Z'));
    const json = (await run('digest', '--since', '24h', '--clearance', 'clear', '--json')).json();
    expect(json.period).toEqual({
      from: '2026-11-20T08:00:00.000Z',
      to: '2026-11-21T08:00:00.000Z',
    });
    expect(json.stats).toMatchObject({ reports: 11, withheld: 2 });
    const item = json.items.find((i: { actors: { name: string }[] }) =>
      i.actors.some((a) => a.name === 'Phantom Taurus'),
    );
    expect(item).toMatchObject({ outlets: 2, citations: [expect.any(Number), expect.any(Number)] });
    expect(item.summary).toMatch(/\[\d+\]/);
    for (const key of ['title', 'summary', 'actors', 'attribution', 'citations', 'outlets'])
      expect(item).toHaveProperty(key);
    expect(json.citations[0]).toMatchObject({ n: 1, quote: expect.any(String) });
  });

  it('lists subscriptions with their next runs', async () => {
    const run = cli(db, {}, fixedClock('2026-11-21T06:30:00Z'));
    await say('digest subscribe 08:00 Europe/Berlin');
    const text = await run('schedule');
    expect(text.stdout).toContain('slack:CSOC — daily at 08:00 Europe/Berlin, TLP:CLEAR');
    expect(text.stdout).toContain(
      'next: 2026-11-21 08:00 Europe/Berlin · 2026-11-22 08:00 Europe/Berlin · 2026-11-23 08:00 Europe/Berlin',
    );
    const json = (await run('schedule', '--json', '--count', '2')).json();
    expect(json[0].next).toEqual(['2026-11-21T07:00:00.000Z', '2026-11-22T07:00:00.000Z']);
  });
});

describe('narrowing a channel briefing', () => {
  it('sets actor, sector and reliability filters and what a quiet day says, for admins only', async () => {
    await say('digest subscribe 08:00 Europe/Berlin');
    expect(
      (await say('digest filter actors Cozy Bear, Volt Typhoon', 'slack:UINTERN')).answer.title,
    ).toBe('Not allowed');
    const actors = await say('digest filter actors Cozy Bear, Volt Typhoon');
    expect(actors.answer.summary).toBe(
      'Only stories with actors APT29, Volt Typhoon; a quiet day says "nothing new".',
    );
    const unknown = await say('digest filter actors Nobody Special');
    expect(unknown.answer.summary).toBe('"Nobody Special" is not a known actor.');
    await say('digest filter reliability B');
    const quiet = await say('digest empty skip');
    expect(quiet.answer.summary).toBe(
      'Only stories with actors APT29, Volt Typhoon; reliability B or better; a quiet day posts nothing.',
    );
    const briefing = await say('digest now', 'slack:UINTERN');
    const actorsInItems = briefing.digestItems!.flatMap((i) => i.actors);
    expect(actorsInItems.length).toBeGreaterThan(0);
    for (const item of briefing.digestItems!)
      expect(item.actors.some((a) => a === 'APT29' || a === 'Volt Typhoon')).toBe(true);
    expect((await say('digest filter none')).answer.summary).toBe(
      'All stories; a quiet day posts nothing.',
    );
    await say('digest empty post');
  });
});
