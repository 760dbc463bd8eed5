/**
 * One story, one item: two vendors' write-ups of one campaign and the parts of a series each
 * become one briefing item with every outlet kept as evidence; signals never come from text
 * inside a link; summaries never repeat the title. Fixtures are reports written for these tests.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import type { Digest, DigestItem } from '../../src/core/model/digest.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { cli, tempDb } from '../support/cli.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/briefings');
const fixture = (name: string) => join(FIXTURES, name);
let app: App;
let digest: Digest;

beforeAll(async () => {
  const db = tempDb();
  const ingest = cli(db, {}, fixedClock('2026-06-05T12:00:00Z'));
  // One vendor's write-up first, the other's in a later run: the join must not depend on order.
  await ingest('ingest', fixture('campaign-northwind.md'), fixture('series-part-2.md'));
  await ingest(
    'ingest',
    fixture('campaign-harbor.md'),
    fixture('series-part-1.md'),
    fixture('exchange-patching.md'),
    fixture('link-noise.md'),
    fixture('volt-typhoon-water.md'),
  );
  app = await openApp({
    config: parseConfig({ THREATBRIEF_DB: db }),
    clock: fixedClock('2026-06-06T06:00:00Z'),
    logger: silentLogger,
  });
  digest = await buildDigest(app.store, {
    from: '2026-06-05T00:00:00.000Z',
    to: '2026-06-06T00:00:00.000Z',
    clearance: 'CLEAR',
    now: app.clock.now(),
  });
});
afterAll(() => app.close());

const itemTitled = (pattern: RegExp): DigestItem => {
  const found = digest.items.filter((i) => pattern.test(i.title));
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('one story, one item', () => {
  it('tells a campaign two vendors wrote up once, counting both originators and citing both outlets', () => {
    const campaign = digest.items.filter((i) => /WINELOADER/.test(i.title));
    expect(campaign).toHaveLength(1);
    const [item] = campaign;
    expect(item!.reportIds).toHaveLength(2);
    expect(item!.originators.sort()).toEqual(['Harbor Threat Lab', 'Northwind Research']);
    expect(item!.evidence.map((e) => e.outlet).sort()).toEqual([
      'Harbor Threat Lab',
      'Northwind Research',
    ]);
    expect(new Set(item!.evidence.map((e) => e.n)).size).toBe(2);
    expect(item!.scoreParts.find((p) => p.signal === 'originators')?.detail).toMatch(
      /^2 independent/,
    );
    // The more reliable outlet tells it; the title is its title, said once.
    expect(item!.title).toBe('Embassy-themed lures: APT29 returns with a new WINELOADER chain');
  });

  it('tells the two parts of a series once', () => {
    const series = itemTitled(/Halfmoon/);
    expect(series.reportIds).toHaveLength(2);
    expect(series.originators).toEqual(['Quarry Security']);
  });

  it('keeps every other story apart and lists every report once', () => {
    expect(digest.stats).toMatchObject({ reports: 7, stories: 5 });
    expect(digest.items).toHaveLength(5);
    expect(digest.items.flatMap((i) => i.reportIds).sort()).toHaveLength(7);
    expect(new Set(digest.items.flatMap((i) => i.reportIds)).size).toBe(7);
  });

  it('reads no signal from text inside a link', () => {
    const noise = itemTitled(/phishing kits/);
    expect(noise.signals).toEqual([]);
    expect(noise.scoreParts.map((p) => p.signal)).not.toContain('exploited');
    expect(noise.cves).toEqual([]);
  });

  it('summarises in two or three cited sentences that never repeat the title', async () => {
    for (const item of digest.items) {
      expect(item.sentences.length).toBeGreaterThanOrEqual(1);
      expect(item.sentences.length).toBeLessThanOrEqual(3);
      for (const s of item.sentences) {
        expect(s.text.startsWith(item.title)).toBe(false);
        expect(s.text).not.toMatch(/\]\(|https?:\/\//);
        expect(s.citations.length).toBeGreaterThan(0);
      }
    }
    const campaign = itemTitled(/WINELOADER/);
    expect(campaign.sentences.length).toBeGreaterThanOrEqual(2);
    for (const citation of digest.citations) {
      const report = await app.store.getReport(citation.reportId);
      for (const quote of citation.quotes) expect(report!.text).toContain(quote);
    }
  });
});
