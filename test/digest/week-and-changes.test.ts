/**
 * Across days: what changed about an actor the team read about before, the weekly roll-up that
 * joins a series told over several days, and the Markdown archive read as raw text.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { cli, tempDb } from '../support/cli.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/briefings');
const NOW = '2026-06-09T06:00:00Z';
let app: App;
let db: string;

beforeAll(async () => {
  db = tempDb();
  await cli(db, {}, fixedClock('2026-06-05T12:00:00Z'))(
    'ingest',
    join(FIXTURES, 'campaign-northwind.md'),
    join(FIXTURES, 'series-part-1.md'),
  );
  await cli(db, {}, fixedClock('2026-06-08T12:00:00Z'))(
    'ingest',
    join(FIXTURES, 'later/apt29-day-two.md'),
    join(FIXTURES, 'series-part-2.md'),
    join(FIXTURES, 'later/halfmoon-part-3.md'),
  );
  app = await openApp({
    config: parseConfig({ THREATBRIEF_DB: db }),
    clock: fixedClock(NOW),
    logger: silentLogger,
  });
});
afterAll(() => app.close());

describe('what changed since earlier briefings', () => {
  it('says what is new about an actor seen before, cited, and does not call it new', async () => {
    const digest = await buildDigest(app.store, {
      from: '2026-06-08T06:00:00.000Z',
      to: NOW,
      clearance: 'CLEAR',
      now: app.clock.now(),
    });
    const item = digest.items.find((i) => i.actors.some((a) => a.name === 'APT29'))!;
    expect(item.changes).toHaveLength(1);
    const [change] = item.changes;
    // Which new statements extraction binds to the actor may change; the energy target is plain.
    expect(change!.text).toMatch(/^New about APT29 since earlier reports: .*targets .*energy/);
    expect(change!.text).not.toMatch(/WINELOADER/);
    const report = await app.store.getReport(item.reportIds[0]!);
    for (const e of change!.evidence) expect(report!.text).toContain(e.quote);
    expect(change!.citations.every((n) => digest.citations.some((c) => c.n === n))).toBe(true);
    expect(digest.sections.newActors.map((a) => a.name)).not.toContain('APT29');
    expect(item.scoreParts.find((p) => p.signal === 'novelty')).toBeUndefined();
    // Two parts of the series arrived that day: one item.
    expect(digest.items.filter((i) => /Halfmoon/.test(i.title))).toHaveLength(1);
  });
});

describe('the weekly roll-up', () => {
  it('covers seven days in chat, the series told over them as one item', async () => {
    const destination = await app.router.resolveDestination({ platform: 'slack', channel: 'C1' });
    const week = await app.router.route({ text: 'digest week', destination });
    expect(week.answer.title).toBe('Week to 2026-06-09');
    expect(week.answer.summary).toMatch(/^5 reports from 2 outlets in \d stor/);
    const halfmoon = week.digestItems!.filter((i) => /Halfmoon/.test(i.title));
    expect(halfmoon).toHaveLength(1);
    expect(halfmoon[0]!.reportIds).toHaveLength(3);
  });

  it('is archived as Markdown that reads as raw text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-archive-'));
    const run = await cli(db, { BRIEFINGS_DIR: dir }, fixedClock(NOW))(
      'digest',
      'week',
      '--archive',
    );
    expect(run.code).toBe(0);
    const [file] = readdirSync(dir);
    expect(file).toBe('2026-06-09-week-local-red.md');
    const markdown = readFileSync(join(dir, file!), 'utf8');
    expect(markdown).not.toMatch(/\\[().]/);
    expect(markdown).toMatch(/^## 1\. /m);
    expect(markdown).toContain('Sources, 1 originator: Quarry Security (C) [');
    // Report text never forms a link; only the source list links to the reports.
    const body = markdown.slice(0, markdown.indexOf('## Sources'));
    expect(body).not.toContain('](');
  });
});
