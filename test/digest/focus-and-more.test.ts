/**
 * What the team cares about and nothing dropped silently: a focus set in chat (or on the command
 * line) reorders the briefing and says why; a limit shows one page and counts the rest in one
 * line; "more" in the briefing's thread shows the next page until every story has been shown.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { Answer } from '../../src/core/model/answer.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { cli, tempDb } from '../support/cli.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/briefings');
const NOW = '2026-06-06T06:00:00Z';
let app: App;
let db: string;

beforeAll(async () => {
  db = tempDb();
  const ingest = cli(db, {}, fixedClock('2026-06-05T12:00:00Z'));
  await ingest(
    'ingest',
    ...[
      'campaign-northwind.md',
      'campaign-harbor.md',
      'series-part-1.md',
      'series-part-2.md',
      'exchange-patching.md',
      'link-noise.md',
      'volt-typhoon-water.md',
    ].map((f) => join(FIXTURES, f)),
  );
  app = await openApp({
    config: parseConfig({ THREATBRIEF_DB: db, ADMIN_USERS: 'slack:UADMIN' }),
    clock: fixedClock(NOW),
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

/** Item titles in briefing order: top stories are sections "N. title", the rest lines "N. title · ...". */
function titles(answer: Answer): string[] {
  const numbered = [
    ...answer.sections.filter((s) => /^\d+\. /.test(s.title)).map((s) => s.title),
    ...answer.sections
      .filter((s) => s.title === 'More stories' || s.title === 'Stories')
      .flatMap((s) => s.claims.map((c) => c.text.split(' · ')[0]!.split(' — ')[0]!)),
  ];
  return numbered.map((t) => t.replace(/^\d+\. /, ''));
}

const EXCHANGE = 'Patch notes: three servers we still see unpatched';

describe('a focus profile', () => {
  it('moves the story about what the team runs to the top and says why', async () => {
    const before = await say('digest now', 'slack:UINTERN');
    expect(titles(before.answer).indexOf(EXCHANGE)).toBe(4);

    const refused = await say('digest focus technologies exchange', 'slack:UINTERN');
    expect(refused.answer.title).toBe('Not allowed');
    const set = await say('digest focus technologies exchange, confluence, Bitbucket');
    expect(set.answer.summary).toMatch(
      /^Focus: technologies Microsoft Exchange, Atlassian Confluence, Bitbucket\. Matching stories rank first and say why/,
    );
    expect(set.answer.summary).toMatch(/matched as written: Bitbucket\.$/);

    const after = await say('digest now', 'slack:UINTERN');
    expect(titles(after.answer)[0]).toBe(EXCHANGE);
    const top = after.answer.sections.find((s) => s.title === `1. ${EXCHANGE}`)!;
    expect(top.claims.map((c) => c.text)).toContain(
      'For this team: mentions Microsoft Exchange (CVE-2021-26855), which this team runs',
    );
    // Only the order changed: the same stories, the rest in their earlier order.
    expect(titles(after.answer).slice(1)).toEqual(
      titles(before.answer).filter((t) => t !== EXCHANGE),
    );
  });

  it('matches sectors, regions, actors and CVEs, and shows the profile to anyone', async () => {
    await say('digest focus technologies none');
    await say('digest focus sectors water');
    await say('digest focus add regions germany');
    await say('digest focus cves cve-2021-26855');
    const shown = await say('digest focus', 'slack:UINTERN');
    expect(shown.visibility).toBe('ephemeral');
    expect(shown.answer.summary).toMatch(
      /^Focus: sectors water; regions Germany; CVEs CVE-2021-26855\./,
    );
    const run = cli(db, {}, fixedClock(NOW));
    const json = (await run('digest', '--for', 'slack:CSOC', '--json')).json();
    const reasons = json.items.map((i: { focus: { reason: string }[] }) =>
      i.focus.map((f) => f.reason),
    );
    // Whether extraction binds "water utilities" to the actor decides the wording, not the match.
    const firstTwo: string[] = reasons.slice(0, 2).flat();
    expect(firstTwo).toHaveLength(2);
    expect(firstTwo).toContain('names CVE-2021-26855, in a product this team runs');
    expect(firstTwo.find((r) => r.includes('water'))).toMatch(/water, a sector this team follows$/);
    expect((await say('digest focus actors Nobody Special')).answer.summary).toBe(
      '"Nobody Special" is not a known actor.',
    );
    expect((await say('digest focus cves log4shell')).answer.title).toBe('Focus unchanged');
    expect((await say('digest focus clear')).answer.summary).toMatch(/^No focus set/);
  });

  it('is set and explained on the command line too', async () => {
    const run = cli(db, {}, fixedClock(NOW));
    const set = await run('digest', 'focus', 'actors', 'Bronze Silhouette');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^Briefing focus changed: Focus: actors Volt Typhoon\./);
    expect((await run('digest', 'focus', 'planets', 'Mars')).code).toBe(1);
    const explained = await run('digest', '--explain');
    expect(explained.stdout).toMatch(
      /1\. Volt Typhoon probes water utilities on the US west coast — score [\d.]+\n\s+focus\s+6\.00\s+names Volt Typhoon, which this team watches/,
    );
    await run('digest', 'focus', 'clear');
  });
});

describe('nothing dropped silently', () => {
  it('shows a page, counts the rest in one line and shows them on "more" in the thread', async () => {
    expect((await say('digest limit 2', 'slack:UINTERN')).answer.title).toBe('Not allowed');
    expect((await say('digest limit 0')).answer.title).toBe('Limit unchanged');
    await say('digest limit 2');
    const first = await say('digest now', 'slack:UINTERN');
    expect(titles(first.answer)).toHaveLength(2);
    const notShown = first.answer.sections.find((s) => s.title === 'Not shown')!;
    expect(notShown.claims.map((c) => c.text)).toEqual([
      '3 more stories: reply "more" in this thread',
    ]);
    expect(first.digestItems!.map((i) => i.shown)).toEqual([true, true, false, false, false]);
    // The cited sources are those of the items shown, nothing else.
    const cited = new Set(first.answer.citations.map((c) => c.reportId));
    const shownReports = first.digestItems!.filter((i) => i.shown).flatMap((i) => i.reportIds);
    expect([...cited].every((id) => shownReports.includes(id))).toBe(true);

    const thread = 'slack:CSOC:1780000000.000100';
    await app.router.remember(thread, { answer: first.answer, digestItems: first.digestItems! });
    const second = await say('more', 'slack:UINTERN', thread);
    expect(second.visibility).toBe('channel');
    expect(titles(second.answer)).toHaveLength(2);
    expect(second.answer.sections.find((s) => s.title === 'Not shown')?.claims[0]?.text).toBe(
      '1 more story: reply "more" in this thread',
    );
    const third = await say('show more', 'slack:UINTERN', thread);
    expect(third.answer.sections.map((s) => s.title)).not.toContain('Not shown');
    const seen = [first, second, third].flatMap((r) => titles(r.answer));
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await say('more', 'slack:UINTERN', thread)).answer.summary).toBe(
      'Every story of this briefing has been shown in this thread.',
    );
    // "more on item 3" stays a question about one item, answered from the same thread memory.
    const item = await say('more on item 3', 'slack:UINTERN', thread);
    expect(item.answer.title).toMatch(/^Item 3: /);
    expect((await say('more', 'slack:UINTERN')).answer.title).toBe('Nothing more');
    await say('digest limit default');
  });

  it('pages on the command line with --limit and --page', async () => {
    const run = cli(db, {}, fixedClock(NOW));
    const page1 = (await run('digest', '--limit', '3', '--json')).json();
    expect(page1.items.map((i: { n: number }) => i.n)).toEqual([1, 2, 3]);
    expect(page1.more.count).toBe(2);
    const text = await run('digest', '--limit', '3');
    expect(text.stdout).toContain('2 more stories: threatbrief digest --limit 3 --page 2');
    const page2 = (await run('digest', '--limit', '3', '--page', '2', '--json')).json();
    expect(page2.items.map((i: { n: number }) => i.n)).toEqual([4, 5]);
    expect(page2.more.count).toBe(0);
  });
});
