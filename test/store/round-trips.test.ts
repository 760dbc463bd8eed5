/**
 * Briefings and story clustering read the store in batches: the number of store calls they make
 * stays the same however many reports arrived, so a networked store (PostgreSQL) is not asked
 * once per report.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { newReport } from '../support/reports.ts';

const ACTORS = ['APT29', 'Volt Typhoon', 'Lazarus Group', 'Sandworm Team', 'Turla', 'APT28'];
const analysis = AnalysisService.builtin();

/** The store, with every method call counted (the calls are passed through unchanged). */
function counted(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return value.apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

/** A store holding `n` reports ingested on 2026-11-20, about several actors, each analysed. */
async function storeWith(n: number): Promise<Store> {
  const store = openSqliteStore({ path: ':memory:' });
  for (let i = 0; i < n; i++) {
    const actor = ACTORS[i % ACTORS.length]!;
    const text = `${actor} was seen again in campaign number ${i}. Researchers attribute ${actor} to a state sponsor, report ${i}.`;
    const item = newReport(
      text,
      { title: `${actor} campaign ${i}`, published: '2026-11-20' },
      new Date(Date.parse('2026-11-20T01:00:00Z') + i * 60_000),
    );
    item.analysis = analysis.analyze({ text, title: item.report.title, published: '2026-11-20' });
    await store.addReport(item);
  }
  return store;
}

describe('store round trips', () => {
  it('a briefing makes the same store calls for 6 reports as for 60', async () => {
    const counts = [];
    for (const n of [6, 60]) {
      const { store, calls } = counted(await storeWith(n));
      const digest = await buildDigest(store, {
        from: '2026-11-20T00:00:00.000Z',
        to: '2026-11-21T00:00:00.000Z',
        clearance: 'CLEAR',
        now: new Date('2026-11-21T08:00:00.000Z'),
      });
      expect(digest.stats.reports).toBe(n);
      expect(digest.items.length).toBeGreaterThan(0);
      counts.push([...calls]);
      await store.close();
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[0]).toEqual([
      'visibleReports',
      'reportsWithMentions',
      'attributionClaimsOf',
      'factsAbout',
      'firstMentions',
      // The indicator facts of the stories shown, for their summaries.
      'factsAbout',
    ]);
  });

  it('placing a report in its story makes the same store calls with 2 candidates as with 40', async () => {
    const counts = [];
    for (const n of [2, 40]) {
      const store = await storeWith(n * ACTORS.length);
      const { store: watched, calls } = counted(store);
      const text = 'APT29 was seen again in campaign number 999. Researchers attribute APT29.';
      const item = newReport(
        text,
        { title: 'APT29 campaign 999', published: '2026-11-20' },
        new Date('2026-11-21T00:00:00Z'),
      );
      const found = analysis.analyze({ text, title: item.report.title });
      const candidates = await store.storyCandidates({
        entities: [{ kind: 'actor', canonical: 'APT29' }],
        from: '2026-11-13T00:00:00.000Z',
        to: '2026-11-27T00:00:00.000Z',
        before: { ingestedAt: item.report.ingestedAt },
      });
      expect(candidates.length).toBeGreaterThanOrEqual(n);
      await analysis.assignCluster(watched, item.report, found);
      counts.push([...calls]);
      await store.close();
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(counts[0]).toEqual(['storyCandidates', 'reportsWithMentions']);
  });
});
