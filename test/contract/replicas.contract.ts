/**
 * @module Two replicas on one database: each case opens a second store instance (its own
 * connection) and races the two the way two `threatbrief serve` processes would. Work that must
 * happen once (a briefing period, an answer to a redelivered event, an alert post, a migration)
 * happens once.
 */
import { describe, expect, it } from 'vitest';
import { queryPhrases } from '../../src/core/text/terms.ts';
import { newReport } from '../support/reports.ts';
import { type StoreHarness, useStore } from './harness.ts';
import { alertFor, RUN } from './lease-store.contract.ts';
import { PHANTOM } from './report-store.contract.ts';

const ROUNDS = 20;

export function replicaContract(harness: StoreHarness): void {
  describe('two replicas on one database', () => {
    const fx = useStore(harness);

    it('runs the migrations once when replicas open an empty database at the same moment; the others wait', async () => {
      // A race is lost only now and then: a few rounds make a broken lock show.
      for (let round = 0; round < 3; round++) {
        const database = await harness.freshDatabase();
        const replicas = await database.openAtOnce(4);
        try {
          const recorded = await database.recordedMigrations();
          expect(recorded.length).toBeGreaterThan(0);
          expect(new Set(recorded).size).toBe(recorded.length);
          // Every replica can use the schema, and sees the others' writes.
          const item = newReport(PHANTOM);
          expect((await replicas[0]!.addReport(item)).status).toBe('stored');
          for (const r of replicas) expect(await r.countReports()).toBe(1);
          // Opening again applies nothing new.
          const later = await database.open();
          await later.close();
          expect(await database.recordedMigrations()).toEqual(recorded);
        } finally {
          for (const r of replicas) await r.close();
          await database.drop();
        }
      }
    });

    it("sees the other replica's reports, searches and analysis", async () => {
      const b = await fx.replica();
      const item = newReport(PHANTOM, { tlp: 'GREEN' });
      await fx.store.addReport(item);
      expect(await b.getReport(item.report.id)).toEqual(item.report);
      const found = await b.searchPassages({
        phrases: queryPhrases('exchange servers'),
        match: 'all',
        limit: 5,
        clearance: 'GREEN',
      });
      expect(found.hits.map((h) => h.report.id)).toEqual([item.report.id]);
    });

    it('stores the same report once when both replicas ingest it at the same moment', async () => {
      const b = await fx.replica();
      const item = newReport(PHANTOM);
      const copy = { ...item, report: { ...item.report, id: `${item.report.id}-copy` } };
      const results = await Promise.all([fx.store.addReport(item), b.addReport(copy)]);
      expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'stored']);
      expect(results[0]!.report.id).toBe(results[1]!.report.id);
      expect(await fx.store.countReports()).toBe(1);
    });

    it('lets exactly one replica claim each briefing period', async () => {
      const b = await fx.replica();
      for (let i = 0; i < ROUNDS; i++) {
        const run = { ...RUN, periodEnd: `2026-11-21T07:00:${String(i).padStart(2, '0')}.000Z` };
        const won = await Promise.all([
          fx.store.claimDigestRun({ ...run, claimedBy: 'replica-a' }),
          b.claimDigestRun({ ...run, claimedBy: 'replica-b' }),
        ]);
        expect(won.filter(Boolean)).toHaveLength(1);
      }
      expect(await b.digestRuns('s1')).toHaveLength(ROUNDS);
    });

    it('lets exactly one replica take over a stale briefing claim', async () => {
      const b = await fx.replica();
      await fx.store.claimDigestRun({ ...RUN, claimedBy: 'died' });
      const later = {
        ...RUN,
        claimedAt: '2026-11-21T07:30:00.000Z',
        staleBefore: '2026-11-21T07:20:00.000Z',
      };
      const won = await Promise.all([
        fx.store.claimDigestRun({ ...later, claimedBy: 'replica-a' }),
        b.claimDigestRun({ ...later, claimedBy: 'replica-b' }),
      ]);
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('answers a redelivered event once, whichever replica it reaches', async () => {
      const b = await fx.replica();
      for (let i = 0; i < ROUNDS; i++) {
        const fresh = await Promise.all([
          fx.store.claimEvent('slack', `Ev${i}`, '2026-11-21T00:00:00.000Z'),
          b.claimEvent('slack', `Ev${i}`, '2026-11-21T00:00:00.000Z'),
          b.claimEvent('slack', `Ev${i}`, '2026-11-21T00:00:01.000Z'),
        ]);
        expect(fresh.filter(Boolean)).toHaveLength(1);
      }
    });

    it('hands each queued watch alert to exactly one replica', async () => {
      const b = await fx.replica();
      const item = newReport('Volt Typhoon returns.');
      await fx.store.addReport(item);
      const alerts = Array.from({ length: 12 }, (_, i) =>
        alertFor(item.report.id, `al${i}`, `Actor ${i}`),
      );
      // Both replicas saw the report (an ingest on each): the queue keeps one alert per actor.
      const queued = await Promise.all([fx.store.queueAlerts(alerts), b.queueAlerts(alerts)]);
      expect(queued[0]! + queued[1]!).toBe(12);
      const claimed: string[] = [];
      for (let i = 0; i < 4; i++) {
        const batches = await Promise.all([
          fx.store.claimAlerts('2026-11-21T00:01:00.000Z', '2026-11-20T23:51:00.000Z', 2),
          b.claimAlerts('2026-11-21T00:01:00.000Z', '2026-11-20T23:51:00.000Z', 2),
        ]);
        claimed.push(...batches.flat().map((a) => a.id));
      }
      expect(claimed).toHaveLength(12);
      expect(new Set(claimed).size).toBe(12);
    });

    it('shares learned catalog entries, thread memory and clearances between replicas', async () => {
      const b = await fx.replica();
      await fx.store.saveCatalogEntries([
        { kind: 'actor', name: 'Copper Wren', aliases: ['CW-17'], source: 'stix' },
      ]);
      expect((await b.importedCatalog()).map((e) => e.name)).toEqual(['Copper Wren']);
      await b.saveThread({
        threadId: 'slack:C1:1.0',
        subjects: ['Copper Wren'],
        citations: [],
        digestItems: [],
        updatedAt: '2026-11-21T08:00:00.000Z',
      });
      expect((await fx.store.getThread('slack:C1:1.0'))?.subjects).toEqual(['Copper Wren']);
      await fx.store.setClearance(
        { platform: 'slack', channel: 'C1' },
        'AMBER',
        'slack:U1',
        '2026-11-21T00:00:00.000Z',
      );
      expect(await b.clearanceOf({ platform: 'slack', channel: 'C1' })).toBe('AMBER');
    });
  });
}
