/** @module AnalysisReadStore and AnalysisWriteStore contract: analysis kept with its report, entity lookups within a clearance, batch reads, story clusters. */
import { describe, expect, it } from 'vitest';
import type { ReportAnalysis } from '../../src/core/model/analysis.ts';
import { newReport } from '../support/reports.ts';
import { type StoreHarness, useStore } from './harness.ts';

const TEXT =
  'Phantom Taurus used NET-STAR. Unit 42 tied it to China. It has been active since 2023.';

export function sampleAnalysis(subject = 'Phantom Taurus'): ReportAnalysis {
  return {
    mentions: [
      { kind: 'actor', canonical: subject, surface: subject, start: 0, end: 14 },
      { kind: 'malware', canonical: 'NET-STAR', surface: 'NET-STAR', start: 20, end: 28 },
      { kind: 'originator', canonical: 'Unit 42', surface: 'Unit 42', start: 30, end: 37 },
    ],
    claims: [
      {
        subject,
        relation: 'linked-to',
        object: 'China',
        objectKind: 'country',
        country: 'China',
        strength: 'assertive',
        statedConfidence: null,
        stance: 'supports',
        originator: 'Unit 42',
        cues: ['tied'],
        start: 30,
        end: 58,
        quote: 'Unit 42 tied it to China.',
      },
    ],
    facts: [
      {
        subject,
        kind: 'activity-start',
        value: '2023',
        originator: 'Unit 42',
        start: 59,
        end: 88,
        quote: 'It has been active since 2023.',
      },
    ],
  };
}

export function analysisStoreContract(harness: StoreHarness): void {
  describe('AnalysisReadStore and AnalysisWriteStore', () => {
    const fx = useStore(harness);

    it('stores analysis with the report and reads it back', async () => {
      const item = { ...newReport(TEXT), analysis: sampleAnalysis() };
      await fx.store.addReport(item);
      expect(await fx.store.mentionsOf(item.report.id)).toEqual(item.analysis.mentions);
      expect(await fx.store.claimsOf(item.report.id)).toEqual(item.analysis.claims);
      expect(await fx.store.factsOf(item.report.id)).toEqual(item.analysis.facts);
      expect(await fx.store.clusterOf(item.report.id)).toBe(item.report.id);
      expect(await fx.store.clusterOf('no-such-report')).toBeUndefined();
    });

    it('reads many reports with their mentions and clusters at once, in the order asked', async () => {
      const first = { ...newReport(TEXT), analysis: sampleAnalysis() };
      const second = {
        ...newReport(`${TEXT} Again.`),
        analysis: sampleAnalysis('Volt Typhoon'),
        clusterId: first.report.id,
      };
      const bare = newReport('No analysis at all here.');
      for (const r of [first, second, bare]) await fx.store.addReport(r);
      const read = await fx.store.reportsWithMentions([
        second.report.id,
        'missing',
        bare.report.id,
        first.report.id,
      ]);
      expect(read.map((r) => [r.report, r.mentions, r.clusterId])).toEqual([
        [second.report, second.analysis.mentions, first.report.id],
        [bare.report, [], bare.report.id],
        [first.report, first.analysis.mentions, first.report.id],
      ]);
      expect(await fx.store.reportsWithMentions([])).toEqual([]);
      const named = await fx.store.reportsWithMentions([first.report.id, bare.report.id], {
        except: ['originator', 'malware'],
      });
      expect(named.map((r) => [r.report.id, r.mentions])).toEqual([
        [first.report.id, first.analysis.mentions.filter((m) => m.kind === 'actor')],
        [bare.report.id, []],
      ]);
      // Texts the caller does not need come empty; everything else as before.
      const untexted = await fx.store.reportsWithMentions([first.report.id, bare.report.id], {
        withoutText: [first.report.id, 'missing'],
      });
      expect(untexted.map((r) => [r.report, r.mentions, r.clusterId])).toEqual([
        [{ ...first.report, text: '' }, first.analysis.mentions, first.report.id],
        [bare.report, [], bare.report.id],
      ]);
    });

    it('finds reports by entity, alias-insensitively, and withholds those above the clearance', async () => {
      const open = { ...newReport(TEXT, { tlp: 'CLEAR' }), analysis: sampleAnalysis() };
      const amber = {
        ...newReport(`${TEXT} Internal.`, { tlp: 'AMBER' }),
        analysis: sampleAnalysis(),
      };
      await fx.store.addReport(open);
      await fx.store.addReport(amber);
      const clear = await fx.store.reportsMentioning({
        entities: [{ kind: 'actor', canonical: 'phantom-taurus' }],
        clearance: 'CLEAR',
      });
      expect(clear.items.map((h) => [h.report.id, h.mentions])).toEqual([[open.report.id, 1]]);
      expect(clear.withheldReports).toBe(1);
      const claims = await fx.store.claimsAbout(['PHANTOM TAURUS'], 'CLEAR');
      expect(claims.items.map((c) => [c.report.id, c.object])).toEqual([[open.report.id, 'China']]);
      expect(claims.withheldReports).toBe(1);
      const facts = await fx.store.factsAbout(['Phantom Taurus'], 'RED');
      expect(facts.items).toHaveLength(2);
      expect(facts.withheldReports).toBe(0);
      expect(await fx.store.knownEntities(['actor'], 'CLEAR')).toEqual([
        { kind: 'actor', canonical: 'Phantom Taurus', reports: 1 },
      ]);
      const known = await fx.store.knownEntities(['actor', 'malware'], 'RED');
      // Most-reported first, then by name.
      expect(known).toEqual([
        { kind: 'malware', canonical: 'NET-STAR', reports: 2 },
        { kind: 'actor', canonical: 'Phantom Taurus', reports: 2 },
      ]);
      // A ransomware brand is a group and its malware under one name: ties go by kind.
      await fx.store.addReport({
        ...newReport(`${TEXT} Brand.`),
        analysis: {
          mentions: [
            { kind: 'malware', canonical: 'Quartz', surface: 'Quartz', start: 0, end: 6 },
            { kind: 'actor', canonical: 'Quartz', surface: 'Quartz', start: 10, end: 16 },
          ],
          claims: [],
          facts: [],
        },
      });
      expect((await fx.store.knownEntities(['actor', 'malware'], 'RED')).slice(2)).toEqual([
        { kind: 'actor', canonical: 'Quartz', reports: 1 },
        { kind: 'malware', canonical: 'Quartz', reports: 1 },
      ]);
    });

    it('ranks reports by how often they name the entities, and applies the limit after the clearance', async () => {
      const twice = {
        ...newReport(`${TEXT} Phantom Taurus twice.`, { published: '2025-01-01' }),
        analysis: {
          ...sampleAnalysis(),
          mentions: [
            ...sampleAnalysis().mentions,
            {
              kind: 'actor' as const,
              canonical: 'Phantom Taurus',
              surface: 'Phantom Taurus',
              start: 89,
              end: 103,
            },
          ],
        },
      };
      const red = {
        ...newReport(`${TEXT} Red.`, { tlp: 'RED', published: '2025-03-01' }),
        analysis: sampleAnalysis(),
      };
      const newer = {
        ...newReport(`${TEXT} Newer.`, { published: '2025-02-01' }),
        analysis: sampleAnalysis(),
      };
      const undated = { ...newReport(`${TEXT} Undated.`), analysis: sampleAnalysis() };
      for (const r of [twice, red, newer, undated]) await fx.store.addReport(r);
      const all = await fx.store.reportsMentioning({
        entities: [{ kind: 'actor', canonical: 'Phantom Taurus' }],
        clearance: 'AMBER',
      });
      // Most mentions first; then newest published, undated last.
      expect(all.items.map((h) => h.report.id)).toEqual([
        twice.report.id,
        newer.report.id,
        undated.report.id,
      ]);
      const limited = await fx.store.reportsMentioning({
        entities: [{ kind: 'actor', canonical: 'Phantom Taurus' }],
        clearance: 'AMBER',
        limit: 1,
      });
      expect(limited.items.map((h) => h.report.id)).toEqual([twice.report.id]);
      expect(limited.withheldReports).toBe(1);
      expect(limited.matched).toBe(3);
      const entities = [{ kind: 'actor' as const, canonical: 'Phantom Taurus' }];
      // By date (published, else ingested): the undated report was ingested at the test's instant.
      const newest = await fx.store.reportsMentioning({
        entities,
        clearance: 'AMBER',
        limit: 2,
        order: 'newest',
      });
      expect(newest.items.map((h) => h.report.id)).toEqual([undated.report.id, newer.report.id]);
      const oldest = await fx.store.reportsMentioning({
        entities,
        clearance: 'AMBER',
        limit: 1,
        order: 'oldest',
      });
      expect(oldest.items.map((h) => h.report.id)).toEqual([twice.report.id]);
      // Only the reports, uncounted: the same reports, no counts.
      const uncounted = await fx.store.reportsMentioning({
        entities,
        clearance: 'AMBER',
        limit: 2,
        order: 'newest',
        counted: false,
      });
      expect(uncounted.items.map((h) => h.report.id)).toEqual([undated.report.id, newer.report.id]);
      expect([uncounted.matched, uncounted.withheldReports]).toEqual([0, 0]);
      const named = await fx.store.entitiesIn([twice.report.id, red.report.id], ['actor']);
      // One entity: its reports in id order.
      expect(named.map((e) => [e.reportId, e.kind, e.canonical])).toEqual(
        [
          [twice.report.id, 'actor', 'Phantom Taurus'],
          [red.report.id, 'actor', 'Phantom Taurus'],
        ].sort(),
      );
      expect(await fx.store.entitiesIn([], ['actor'])).toEqual([]);
    });

    it('tells when each entity was first named, within the clearance', async () => {
      const at = (day: string) => new Date(`2025-05-${day}T00:00:00Z`);
      await fx.store.addReport({
        ...newReport(TEXT, { tlp: 'RED' }, at('01')),
        analysis: sampleAnalysis(),
      });
      await fx.store.addReport({
        ...newReport(`${TEXT} Later.`, { tlp: 'CLEAR' }, at('09')),
        analysis: sampleAnalysis(),
      });
      const entities = [
        { kind: 'actor' as const, canonical: 'phantom taurus' },
        { kind: 'actor' as const, canonical: 'Nobody Seen' },
        { kind: 'malware' as const, canonical: 'NET-STAR' },
      ];
      expect(await fx.store.firstMentions({ entities, clearance: 'CLEAR' })).toEqual([
        { entity: entities[0], firstIngestedAt: '2025-05-09T00:00:00.000Z' },
        { entity: entities[2], firstIngestedAt: '2025-05-09T00:00:00.000Z' },
      ]);
      expect(
        (await fx.store.firstMentions({ entities, clearance: 'RED' })).map(
          (f) => f.firstIngestedAt,
        ),
      ).toEqual(['2025-05-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z']);
      expect(await fx.store.firstMentions({ entities: [], clearance: 'RED' })).toEqual([]);
    });

    it('finds claims linking two actors from either side', async () => {
      const item = newReport('Mandiant ties CARR to Sandworm.');
      item.analysis = {
        mentions: [],
        facts: [],
        claims: [
          {
            ...sampleAnalysis().claims[0]!,
            subject: 'CARR',
            object: 'Sandworm Team',
            objectKind: 'actor',
            country: null,
          },
        ],
      };
      await fx.store.addReport(item);
      expect(
        (await fx.store.claimsAbout(['Sandworm Team'], 'RED')).items.map((c) => c.subject),
      ).toEqual(['CARR']);
      expect((await fx.store.claimsAbout(['CARR'], 'RED')).items).toHaveLength(1);
      expect(await fx.store.claimsAbout([], 'RED')).toEqual({ items: [], withheldReports: 0 });
    });

    it('replaces analysis and clusters atomically, and lists story candidates in a window', async () => {
      const first = {
        ...newReport(TEXT, { published: '2025-10-01' }, new Date('2025-10-01T10:00:00Z')),
        analysis: sampleAnalysis(),
      };
      const second = {
        ...newReport(
          `${TEXT} Second outlet.`,
          { published: '2025-10-02' },
          new Date('2025-10-02T10:00:00Z'),
        ),
        analysis: sampleAnalysis(),
        clusterId: first.report.id,
      };
      const late = {
        ...newReport(
          `${TEXT} Much later.`,
          { published: '2025-12-01' },
          new Date('2025-12-01T10:00:00Z'),
        ),
        analysis: sampleAnalysis(),
      };
      await fx.store.addReport(first);
      await fx.store.addReport(second);
      await fx.store.addReport(late);
      expect((await fx.store.reportsInCluster(first.report.id)).map((r) => r.id)).toEqual([
        first.report.id,
        second.report.id,
      ]);
      const candidates = await fx.store.storyCandidates({
        entities: [{ kind: 'actor', canonical: 'Phantom Taurus' }],
        from: '2025-09-25T00:00:00.000Z',
        to: '2025-10-09T00:00:00.000Z',
        before: { ingestedAt: '2025-12-31T00:00:00.000Z' },
      });
      expect(candidates.map((c) => c.reportId).sort()).toEqual(
        [first.report.id, second.report.id].sort(),
      );
      expect(candidates.find((c) => c.reportId === second.report.id)!.clusterId).toBe(
        first.report.id,
      );
      const earlier = await fx.store.storyCandidates({
        entities: [{ kind: 'actor', canonical: 'Phantom Taurus' }],
        from: '2025-09-25T00:00:00.000Z',
        to: '2025-10-09T00:00:00.000Z',
        before: { ingestedAt: second.report.ingestedAt, id: second.report.id },
      });
      expect(earlier.map((c) => c.reportId)).toEqual([first.report.id]);
      const byTitle = await fx.store.storyCandidates({
        entities: [],
        title: first.report.title,
        from: '2025-09-25T00:00:00.000Z',
        to: '2025-10-09T00:00:00.000Z',
        before: { ingestedAt: '2025-12-31T00:00:00.000Z' },
      });
      expect(byTitle.map((c) => c.reportId)).toContain(first.report.id);

      await fx.store.replaceAnalysis(
        second.report.id,
        sampleAnalysis('Volt Typhoon'),
        second.report.id,
      );
      expect((await fx.store.mentionsOf(second.report.id))[0]!.canonical).toBe('Volt Typhoon');
      expect((await fx.store.claimsOf(second.report.id))[0]!.subject).toBe('Volt Typhoon');
      expect(await fx.store.clusterOf(second.report.id)).toBe(second.report.id);
      await fx.store.setCluster(late.report.id, first.report.id);
      expect(await fx.store.reportsInCluster(first.report.id)).toHaveLength(2);
    });

    it('tells which facts earlier visible reports already stated', async () => {
      await fx.store.addReport({
        ...newReport(TEXT, { tlp: 'CLEAR' }, new Date('2025-05-01T00:00:00Z')),
        analysis: {
          ...sampleAnalysis(),
          facts: [
            { ...sampleAnalysis().facts[0]!, kind: 'uses:malware', value: 'NET-STAR' },
            { ...sampleAnalysis().facts[0]!, kind: 'uses:tool', value: 'Mimikatz' },
          ],
        },
      });
      await fx.store.addReport({
        ...newReport(`${TEXT} Red.`, { tlp: 'RED' }, new Date('2025-05-02T00:00:00Z')),
        analysis: {
          ...sampleAnalysis(),
          facts: [{ ...sampleAnalysis().facts[0]!, kind: 'uses:tool', value: 'Impacket' }],
        },
      });
      const facts = [
        { subject: 'PHANTOM TAURUS', kind: 'uses:malware' as const, value: 'net-star' },
        { subject: 'Phantom Taurus', kind: 'uses:tool' as const, value: 'Mimikatz' },
        { subject: 'Phantom Taurus', kind: 'uses:tool' as const, value: 'Impacket' },
        { subject: 'Phantom Taurus', kind: 'uses:malware' as const, value: 'Mimikatz' },
      ];
      const query = { facts, clearance: 'AMBER' as const };
      expect(
        await fx.store.factsStatedBefore({ ...query, before: '2025-06-01T00:00:00.000Z' }),
      ).toEqual([facts[0], facts[1]]);
      expect(
        await fx.store.factsStatedBefore({ ...query, before: '2025-05-01T00:00:00.000Z' }),
      ).toEqual([]);
      expect(
        await fx.store.factsStatedBefore({ ...query, facts: [], before: '2026-01-01T00:00:00Z' }),
      ).toEqual([]);
    });

    it('reads the newest attribution claims of each subject, oldest report first', async () => {
      for (const day of ['2025-01-01', '2025-02-01', '2025-03-01']) {
        const item = newReport(`${TEXT} ${day}`, { published: day }, new Date(`${day}T10:00:00Z`));
        const actorLink = {
          ...sampleAnalysis().claims[0]!,
          object: 'APT41',
          objectKind: 'actor' as const,
          country: null,
        };
        item.analysis = { ...sampleAnalysis(), claims: [...sampleAnalysis().claims, actorLink] };
        await fx.store.addReport(item);
      }
      const two = await fx.store.attributionClaimsOf(['phantom taurus'], 'RED', 2);
      expect(two.map((c) => [c.report.published?.slice(0, 10), c.object])).toEqual([
        ['2025-02-01', 'China'],
        ['2025-03-01', 'China'],
      ]);
      expect(await fx.store.attributionClaimsOf(['Phantom Taurus'], 'CLEAR', 5)).toHaveLength(3);
      expect(await fx.store.attributionClaimsOf([], 'RED', 5)).toEqual([]);
    });

    it('keeps entity lookups and story candidates in step with replaced analysis', async () => {
      const item = {
        ...newReport(TEXT, { published: '2025-10-01' }, new Date('2025-10-01T10:00:00Z')),
        analysis: sampleAnalysis(),
      };
      await fx.store.addReport(item);
      await fx.store.replaceAnalysis(
        item.report.id,
        sampleAnalysis('Volt Typhoon'),
        item.report.id,
      );
      const actors = async () =>
        (await fx.store.knownEntities(['actor'], 'RED')).map((k) => [k.canonical, k.reports]);
      expect(await actors()).toEqual([['Volt Typhoon', 1]]);
      const naming = (canonical: string) =>
        fx.store.reportsMentioning({ entities: [{ kind: 'actor', canonical }], clearance: 'RED' });
      expect((await naming('Phantom Taurus')).items).toEqual([]);
      expect((await naming('volt typhoon')).items.map((h) => h.mentions)).toEqual([1]);
      const window = {
        from: '2025-09-25T00:00:00.000Z',
        to: '2025-10-09T00:00:00.000Z',
        before: { ingestedAt: '2025-12-31T00:00:00.000Z' },
      };
      expect(
        await fx.store.storyCandidates({
          ...window,
          entities: [{ kind: 'actor', canonical: 'Phantom Taurus' }],
        }),
      ).toEqual([]);
      expect(
        await fx.store.storyCandidates({
          ...window,
          entities: [{ kind: 'actor', canonical: 'Volt Typhoon' }],
        }),
      ).toHaveLength(1);
    });
  });
}
