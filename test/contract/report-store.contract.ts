/** @module ReportStore contract: reports, passages, linked objects, duplicates, atomic writes, passage search within a clearance. */
import { describe, expect, it } from 'vitest';
import type { NewReport } from '../../src/core/model/report.ts';
import type { ReportStore } from '../../src/core/ports/report-store.ts';
import { queryPhrases } from '../../src/core/text/terms.ts';
import { newReport } from '../support/reports.ts';
import { type StoreHarness, useStore } from './harness.ts';

export const PHANTOM = `Phantom Taurus broke into Microsoft Exchange servers at foreign ministries.

Researchers at Unit 42 linked the cluster CL-STA-0043 to the NET-STAR malware suite.

The group searched mail for terms about a 2022 summit.`;

export function reportStoreContract(harness: StoreHarness): void {
  describe('ReportStore', () => {
    const fx = useStore(harness);
    const store = (): ReportStore => fx.store;

    it('stores a report with its metadata and passages, and reads them back exactly', async () => {
      const item = newReport(PHANTOM, {
        title: 'Phantom Taurus at the ministries',
        url: 'https://news.test/pt',
        publisher: 'Cyber Desk Weekly',
        author: 'A. Writer',
        published: '2025-10-01',
        tlp: 'GREEN',
        reliability: 'C',
        aiGenerated: true,
      });
      const result = await store().addReport(item);
      expect(result.status).toBe('stored');
      const stored = await store().getReport(item.report.id);
      expect(stored).toEqual(item.report);
      const passages = await store().passagesOf(item.report.id);
      expect(passages).toEqual(item.passages);
      for (const p of passages) expect(stored!.text.slice(p.start, p.end)).toBe(p.text);
      expect(await store().countReports()).toBe(1);
      expect(await store().getReport('no-such-report')).toBeUndefined();
    });

    it('keeps text exactly, whatever characters it holds', async () => {
      const text =
        'Ünïcödé — “quotes”, emoji 🛰️, tabs\tand a NUL-free line.\n\nSecond паспорт 段落.';
      const item = newReport(text, { title: 'Ünïcödé 🛰️' });
      await store().addReport(item);
      expect(await store().getReport(item.report.id)).toEqual(item.report);
      expect(await store().passagesOf(item.report.id)).toEqual(item.passages);
    });

    it('recognises the same text as a duplicate and keeps one copy', async () => {
      const first = newReport(PHANTOM, { title: 'first' });
      const again = newReport(`  ${PHANTOM.toUpperCase()}\n\n`, { title: 'second copy' });
      expect(again.report.contentHash).toBe(first.report.contentHash);
      await store().addReport(first);
      const result = await store().addReport(again);
      expect(result).toMatchObject({
        status: 'duplicate',
        report: { id: first.report.id, title: 'first' },
      });
      expect(await store().countReports()).toBe(1);
      expect(await store().findReportByHash(first.report.contentHash)).toMatchObject({
        id: first.report.id,
      });
    });

    it('leaves nothing behind when a write fails half-way through a report', async () => {
      const good = newReport(PHANTOM);
      // Two passages with the same sequence number: the second insert violates a constraint
      // after the report row and the first passage were already written.
      const broken: NewReport = {
        ...newReport('Volt Typhoon hides in routers.\n\nIt lives off the land.'),
      };
      broken.passages = [broken.passages[0]!, { ...broken.passages[0]! }];
      await store().addReport(good);
      await expect(store().addReport(broken)).rejects.toMatchObject({ code: 'store' });
      expect(await store().countReports()).toBe(1);
      expect(await store().getReport(broken.report.id)).toBeUndefined();
      expect(await store().passagesOf(broken.report.id)).toEqual([]);
      const search = await store().searchPassages({
        phrases: queryPhrases('routers'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
      });
      expect(search.hits).toEqual([]);
      // The store still works after the failed write.
      expect((await store().addReport(newReport('Sandworm attacked the grid.'))).status).toBe(
        'stored',
      );
    });

    it('writes a batch in one transaction, each report of it whole on its own', async () => {
      const first = newReport(PHANTOM, { title: 'first' });
      const broken = newReport('Volt Typhoon hides in routers.\n\nIt lives off the land.');
      broken.passages = [broken.passages[0]!, { ...broken.passages[0]! }];
      const last = newReport('Sandworm attacked the grid.', { title: 'last' });
      const replica = await fx.replica();
      await store().writeBatch(async () => {
        expect((await store().addReport(first)).status).toBe('stored');
        await expect(store().addReport(broken)).rejects.toMatchObject({ code: 'store' });
        // What the batch wrote is read inside it, and a failed report left nothing behind.
        expect(await store().findReportByHash(first.report.contentHash)).toMatchObject({
          id: first.report.id,
        });
        expect(await store().passagesOf(broken.report.id)).toEqual([]);
        expect((await store().addReport(last)).status).toBe('stored');
        // Another connection sees none of it before the batch ends.
        expect(await replica.countReports()).toBe(0);
      });
      expect(await replica.countReports()).toBe(2);
      expect(await replica.getReport(broken.report.id)).toBeUndefined();
      expect(await replica.passagesOf(last.report.id)).toEqual(last.passages);
      // Both kept reports are found by full-text search, the undone one is not.
      const search = async (word: string) =>
        (
          await store().searchPassages({
            phrases: queryPhrases(word),
            match: 'all',
            limit: 10,
            clearance: 'RED',
          })
        ).hits.map((h) => h.report.id);
      expect(await search('grid')).toEqual([last.report.id]);
      expect(await search('ministries')).toEqual([first.report.id]);
      expect(await search('routers')).toEqual([]);
    });

    it('writes batches started at the same time one after the other, all of them searchable', async () => {
      const texts = ['Sandworm attacked the grid.', 'Turla hijacked satellite links.'];
      const items = texts.map((text) => newReport(text));
      await Promise.all(
        items.map((item) =>
          store().writeBatch(async () => {
            await Promise.resolve();
            expect((await store().addReport(item)).status).toBe('stored');
          }),
        ),
      );
      for (const [word, item] of [
        ['grid', items[0]!],
        ['satellite', items[1]!],
      ] as const) {
        const found = await store().searchPassages({
          phrases: queryPhrases(word),
          match: 'all',
          limit: 10,
          clearance: 'RED',
        });
        expect(found.hits.map((h) => h.report.id)).toEqual([item.report.id]);
      }
    });

    it('keeps what a batch completed when its work throws', async () => {
      const item = newReport(PHANTOM);
      await expect(
        store().writeBatch(async () => {
          await store().addReport(item);
          throw new Error('the caller failed');
        }),
      ).rejects.toThrow('the caller failed');
      expect(await store().getReport(item.report.id)).toEqual(item.report);
      expect((await store().addReport(newReport('Sandworm attacked the grid.'))).status).toBe(
        'stored',
      );
    });

    it('keeps the STIX objects linked to a report', async () => {
      const item = newReport('Flax Typhoon runs the Raptor Train botnet.', {
        sourceKind: 'stix',
        linkedObjects: [
          {
            stixId: 'intrusion-set--0f3c5e1a-7d2b-4c1e-9a6f-2b8d4e6f1a3c',
            type: 'intrusion-set',
            name: 'Flax Typhoon',
            body: { type: 'intrusion-set', name: 'Flax Typhoon', aliases: ['Ethereal Panda'] },
          },
        ],
      });
      await store().addReport(item);
      expect(await store().linkedObjectsOf(item.report.id)).toEqual(item.linkedObjects);
    });

    it('lists reports newest ingested first and filters by ingest time', async () => {
      const old = newReport('An old report about APT29.', {}, new Date('2025-01-01T00:00:00Z'));
      const recent = newReport(
        'A recent report about APT28.',
        {},
        new Date('2025-06-01T00:00:00Z'),
      );
      await store().addReport(old);
      await store().addReport(recent);
      expect((await store().listReports()).map((r) => r.id)).toEqual([
        recent.report.id,
        old.report.id,
      ]);
      const since = await store().listReports({ ingestedSince: '2025-03-01T00:00:00.000Z' });
      expect(since.map((r) => r.id)).toEqual([recent.report.id]);
      const before = await store().listReports({ ingestedBefore: '2025-03-01T00:00:00.000Z' });
      expect(before.map((r) => r.id)).toEqual([old.report.id]);
      expect(await store().listReports({ limit: 1 })).toHaveLength(1);
      expect((await store().listReports())[0]).not.toHaveProperty('text');
    });

    it('lists only the reports a clearance allows, and counts the others in the same window', async () => {
      const at = (day: string) => new Date(`2025-06-${day}T00:00:00Z`);
      const clear = newReport('APT28 phished a ministry.', { tlp: 'CLEAR' }, at('02'));
      const amber = newReport('APT28 in our client network.', { tlp: 'AMBER' }, at('03'));
      const red = newReport('APT28 source detail.', { tlp: 'RED' }, at('04'));
      const outside = newReport('APT28 much later.', { tlp: 'RED' }, at('20'));
      for (const r of [clear, amber, red, outside]) await store().addReport(r);
      const window = {
        ingestedSince: '2025-06-01T00:00:00.000Z',
        ingestedBefore: '2025-06-10T00:00:00.000Z',
      };
      const green = await store().visibleReports({ ...window, clearance: 'GREEN' });
      expect(green.items.map((r) => r.id)).toEqual([clear.report.id]);
      expect(green.withheldReports).toBe(2);
      const amberView = await store().visibleReports({ ...window, clearance: 'AMBER' });
      expect(amberView.items.map((r) => r.id)).toEqual([amber.report.id, clear.report.id]);
      expect(amberView.withheldReports).toBe(1);
      const all = await store().visibleReports({ clearance: 'RED' });
      expect(all).toMatchObject({ withheldReports: 0 });
      expect(all.items).toHaveLength(4);
    });

    it('reads many summaries in the order asked, leaving out unknown ids', async () => {
      const a = newReport('First report on Turla.');
      const b = newReport('Second report on Turla.');
      await store().addReport(a);
      await store().addReport(b);
      expect(
        (await store().getReportSummaries([b.report.id, 'missing', a.report.id])).map((r) => r.id),
      ).toEqual([b.report.id, a.report.id]);
      expect(await store().getReportSummaries([])).toEqual([]);
    });

    it('reads summaries within a clearance: a report above it is left out as if unknown', async () => {
      const clear = newReport('A public note on Turla.');
      const amber = newReport('A shared note on Turla.', { tlp: 'AMBER' });
      await store().addReport(clear);
      await store().addReport(amber);
      const ids = [amber.report.id, clear.report.id];
      expect((await store().getReportSummaries(ids, 'CLEAR')).map((r) => r.id)).toEqual([
        clear.report.id,
      ]);
      expect((await store().getReportSummaries(ids, 'AMBER')).map((r) => r.id)).toEqual(ids);
    });

    it('finds passages by words, phrases and stems, best match first', async () => {
      const pt = newReport(PHANTOM, { title: 'PT' });
      const other = newReport('Exchange rates moved sharply on Monday.', { title: 'FX' });
      await store().addReport(pt);
      await store().addReport(other);
      const all = await store().searchPassages({
        phrases: queryPhrases('exchange server'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
      });
      expect(all.hits.map((h) => h.report.id)).toEqual([pt.report.id]);
      expect(all.hits[0]!.passage.text).toContain('Exchange servers');
      const any = await store().searchPassages({
        phrases: queryPhrases('exchange server'),
        match: 'any',
        limit: 10,
        clearance: 'RED',
      });
      expect(new Set(any.hits.map((h) => h.report.id))).toEqual(
        new Set([pt.report.id, other.report.id]),
      );
      // The passage with both words outranks the one with only one of them.
      expect(any.hits[0]!.report.id).toBe(pt.report.id);
      const phrase = await store().searchPassages({
        phrases: queryPhrases('CL-STA-0043'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
      });
      expect(phrase.hits.map((h) => h.passage.text)).toEqual([
        expect.stringContaining('CL-STA-0043'),
      ]);
      const none = await store().searchPassages({
        phrases: queryPhrases('kerberoasting'),
        match: 'any',
        limit: 10,
        clearance: 'RED',
      });
      expect(none.hits).toEqual([]);
      const scores = any.hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('ranks a passage that repeats the words above one that names them once', async () => {
      const once = newReport(
        'A long note on many things: routers, firmware, budgets, staffing, travel and Volt Typhoon once.',
      );
      const often = newReport('Volt Typhoon again: Volt Typhoon keeps Volt Typhoon access.');
      await store().addReport(once);
      await store().addReport(often);
      const result = await store().searchPassages({
        phrases: queryPhrases('volt typhoon'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
      });
      expect(result.hits.map((h) => h.report.id)).toEqual([often.report.id, once.report.id]);
    });

    it('searches only the reports asked for, and respects the limit', async () => {
      const reports = ['one', 'two', 'three'].map((n) =>
        newReport(`Lazarus stole funds, report ${n}.`),
      );
      for (const r of reports) await store().addReport(r);
      const only = await store().searchPassages({
        phrases: queryPhrases('lazarus'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
        reportIds: [reports[1]!.report.id],
      });
      expect(only.hits.map((h) => h.report.id)).toEqual([reports[1]!.report.id]);
      const none = await store().searchPassages({
        phrases: queryPhrases('lazarus'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
        reportIds: [],
      });
      expect(none.hits).toEqual([]);
      const limited = await store().searchPassages({
        phrases: queryPhrases('lazarus'),
        match: 'all',
        limit: 2,
        clearance: 'RED',
      });
      expect(limited.hits).toHaveLength(2);
    });

    it('never returns passages above the clearance, and counts the reports it held back', async () => {
      await store().addReport(
        newReport('Volt Typhoon was seen on our client edge devices.', { tlp: 'AMBER' }),
      );
      await store().addReport(
        newReport('Volt Typhoon targets US critical infrastructure.', { tlp: 'CLEAR' }),
      );
      const clear = await store().searchPassages({
        phrases: queryPhrases('volt typhoon'),
        match: 'all',
        limit: 10,
        clearance: 'CLEAR',
      });
      expect(clear.hits.map((h) => h.report.tlp)).toEqual(['CLEAR']);
      expect(clear.withheldReports).toBe(1);
      const amber = await store().searchPassages({
        phrases: queryPhrases('volt typhoon'),
        match: 'all',
        limit: 10,
        clearance: 'AMBER',
      });
      expect(amber.hits).toHaveLength(2);
      expect(amber.withheldReports).toBe(0);
    });

    it('treats search words as data, not query syntax', async () => {
      await store().addReport(newReport('Lazarus stole ether from Bybit.'));
      for (const hostile of [
        '"',
        'NEAR(',
        'lazarus OR *',
        "'; DROP TABLE reports; --",
        'bybit AND NOT',
        'bybit & !lazarus | (x',
        "lazarus:* <-> 'bybit'",
      ]) {
        const result = await store().searchPassages({
          phrases: queryPhrases(hostile),
          match: 'any',
          limit: 5,
          clearance: 'RED',
        });
        expect(Array.isArray(result.hits)).toBe(true);
      }
      expect(await store().countReports()).toBe(1);
    });
  });
}
