/**
 * @module The Store contract: every adapter (SQLite now, PostgreSQL later) runs this suite unchanged.
 * `makeStore` must return a fresh, empty store each time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportAnalysis } from '../../src/core/model/analysis.ts';
import type { NewReport } from '../../src/core/model/report.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { queryPhrases } from '../../src/core/text/terms.ts';
import { newReport } from '../support/reports.ts';

export interface StoreContractOptions {
  name: string;
  makeStore: () => Promise<Store>;
}

const PHANTOM = `Phantom Taurus broke into Microsoft Exchange servers at foreign ministries.

Researchers at Unit 42 linked the cluster CL-STA-0043 to the NET-STAR malware suite.

The group searched mail for terms about a 2022 summit.`;

export function storeContract({ name, makeStore }: StoreContractOptions): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

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
      const result = await store.addReport(item);
      expect(result.status).toBe('stored');
      const stored = await store.getReport(item.report.id);
      expect(stored).toEqual(item.report);
      const passages = await store.passagesOf(item.report.id);
      expect(passages).toEqual(item.passages);
      for (const p of passages) expect(stored!.text.slice(p.start, p.end)).toBe(p.text);
      expect(await store.countReports()).toBe(1);
    });

    it('recognises the same text as a duplicate and keeps one copy', async () => {
      const first = newReport(PHANTOM, { title: 'first' });
      const again = newReport(`  ${PHANTOM.toUpperCase()}\n\n`, { title: 'second copy' });
      expect(again.report.contentHash).toBe(first.report.contentHash);
      await store.addReport(first);
      const result = await store.addReport(again);
      expect(result).toMatchObject({
        status: 'duplicate',
        report: { id: first.report.id, title: 'first' },
      });
      expect(await store.countReports()).toBe(1);
      expect(await store.findReportByHash(first.report.contentHash)).toMatchObject({
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
      await store.addReport(good);
      await expect(store.addReport(broken)).rejects.toMatchObject({ code: 'store' });
      expect(await store.countReports()).toBe(1);
      expect(await store.getReport(broken.report.id)).toBeUndefined();
      expect(await store.passagesOf(broken.report.id)).toEqual([]);
      const search = await store.searchPassages({
        phrases: queryPhrases('routers'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
      });
      expect(search.hits).toEqual([]);
      // The store still works after the failed write.
      expect((await store.addReport(newReport('Sandworm attacked the grid.'))).status).toBe(
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
      await store.addReport(item);
      expect(await store.linkedObjectsOf(item.report.id)).toEqual(item.linkedObjects);
    });

    it('lists reports newest ingested first and filters by ingest time', async () => {
      const old = newReport('An old report about APT29.', {}, new Date('2025-01-01T00:00:00Z'));
      const recent = newReport(
        'A recent report about APT28.',
        {},
        new Date('2025-06-01T00:00:00Z'),
      );
      await store.addReport(old);
      await store.addReport(recent);
      expect((await store.listReports()).map((r) => r.id)).toEqual([
        recent.report.id,
        old.report.id,
      ]);
      const since = await store.listReports({ ingestedSince: '2025-03-01T00:00:00.000Z' });
      expect(since.map((r) => r.id)).toEqual([recent.report.id]);
      const before = await store.listReports({ ingestedBefore: '2025-03-01T00:00:00.000Z' });
      expect(before.map((r) => r.id)).toEqual([old.report.id]);
      expect(await store.listReports({ limit: 1 })).toHaveLength(1);
      expect((await store.listReports())[0]).not.toHaveProperty('text');
    });

    it('finds passages by words, phrases and stems, best match first', async () => {
      const pt = newReport(PHANTOM, { title: 'PT' });
      const other = newReport('Exchange rates moved sharply on Monday.', { title: 'FX' });
      await store.addReport(pt);
      await store.addReport(other);
      const all = await store.searchPassages({
        phrases: queryPhrases('exchange server'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
      });
      expect(all.hits.map((h) => h.report.id)).toEqual([pt.report.id]);
      expect(all.hits[0]!.passage.text).toContain('Exchange servers');
      const any = await store.searchPassages({
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
      const phrase = await store.searchPassages({
        phrases: queryPhrases('CL-STA-0043'),
        match: 'all',
        limit: 10,
        clearance: 'RED',
      });
      expect(phrase.hits.map((h) => h.passage.text)).toEqual([
        expect.stringContaining('CL-STA-0043'),
      ]);
      const none = await store.searchPassages({
        phrases: queryPhrases('kerberoasting'),
        match: 'any',
        limit: 10,
        clearance: 'RED',
      });
      expect(none.hits).toEqual([]);
      const scores = any.hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('never returns passages above the clearance, and counts the reports it held back', async () => {
      await store.addReport(
        newReport('Volt Typhoon was seen on our client edge devices.', { tlp: 'AMBER' }),
      );
      await store.addReport(
        newReport('Volt Typhoon targets US critical infrastructure.', { tlp: 'CLEAR' }),
      );
      const clear = await store.searchPassages({
        phrases: queryPhrases('volt typhoon'),
        match: 'all',
        limit: 10,
        clearance: 'CLEAR',
      });
      expect(clear.hits.map((h) => h.report.tlp)).toEqual(['CLEAR']);
      expect(clear.withheldReports).toBe(1);
      const amber = await store.searchPassages({
        phrases: queryPhrases('volt typhoon'),
        match: 'all',
        limit: 10,
        clearance: 'AMBER',
      });
      expect(amber.hits).toHaveLength(2);
      expect(amber.withheldReports).toBe(0);
    });

    it('treats search words as data, not query syntax', async () => {
      await store.addReport(newReport('Lazarus stole ether from Bybit.'));
      for (const hostile of [
        '"',
        'NEAR(',
        'lazarus OR *',
        "'; DROP TABLE reports; --",
        'bybit AND NOT',
      ]) {
        const result = await store.searchPassages({
          phrases: queryPhrases(hostile),
          match: 'any',
          limit: 5,
          clearance: 'RED',
        });
        expect(Array.isArray(result.hits)).toBe(true);
      }
      expect(await store.countReports()).toBe(1);
    });

    describe('analysis', () => {
      const text =
        'Phantom Taurus used NET-STAR. Unit 42 tied it to China. It has been active since 2023.';
      const analysis = (subject = 'Phantom Taurus'): ReportAnalysis => ({
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
      });

      it('stores analysis with the report and reads it back', async () => {
        const item = { ...newReport(text), analysis: analysis() };
        await store.addReport(item);
        expect(await store.mentionsOf(item.report.id)).toEqual(item.analysis.mentions);
        expect(await store.claimsOf(item.report.id)).toEqual(item.analysis.claims);
        expect(await store.factsOf(item.report.id)).toEqual(item.analysis.facts);
        expect(await store.clusterOf(item.report.id)).toBe(item.report.id);
      });

      it('finds reports by entity, alias-insensitively, and withholds those above the clearance', async () => {
        const open = { ...newReport(text, { tlp: 'CLEAR' }), analysis: analysis() };
        const amber = { ...newReport(`${text} Internal.`, { tlp: 'AMBER' }), analysis: analysis() };
        await store.addReport(open);
        await store.addReport(amber);
        const clear = await store.reportsMentioning({
          entities: [{ kind: 'actor', canonical: 'phantom-taurus' }],
          clearance: 'CLEAR',
        });
        expect(clear.items.map((h) => [h.report.id, h.mentions])).toEqual([[open.report.id, 1]]);
        expect(clear.withheldReports).toBe(1);
        const claims = await store.claimsAbout(['PHANTOM TAURUS'], 'CLEAR');
        expect(claims.items.map((c) => [c.report.id, c.object])).toEqual([
          [open.report.id, 'China'],
        ]);
        expect(claims.withheldReports).toBe(1);
        const facts = await store.factsAbout(['Phantom Taurus'], 'RED');
        expect(facts.items).toHaveLength(2);
        expect(await store.knownEntities(['actor'], 'CLEAR')).toEqual([
          { kind: 'actor', canonical: 'Phantom Taurus', reports: 1 },
        ]);
        const known = await store.knownEntities(['actor', 'malware']);
        // Most-reported first, then by name.
        expect(known).toEqual([
          { kind: 'malware', canonical: 'NET-STAR', reports: 2 },
          { kind: 'actor', canonical: 'Phantom Taurus', reports: 2 },
        ]);
      });

      it('finds claims linking two actors from either side', async () => {
        const item = newReport('Mandiant ties CARR to Sandworm.');
        item.analysis = {
          mentions: [],
          facts: [],
          claims: [
            {
              ...analysis().claims[0]!,
              subject: 'CARR',
              object: 'Sandworm Team',
              objectKind: 'actor',
              country: null,
            },
          ],
        };
        await store.addReport(item);
        expect(
          (await store.claimsAbout(['Sandworm Team'], 'RED')).items.map((c) => c.subject),
        ).toEqual(['CARR']);
        expect((await store.claimsAbout(['CARR'], 'RED')).items).toHaveLength(1);
      });

      it('replaces analysis and clusters atomically, and lists story candidates in a window', async () => {
        const first = {
          ...newReport(text, { published: '2025-10-01' }, new Date('2025-10-01T10:00:00Z')),
          analysis: analysis(),
        };
        const second = {
          ...newReport(
            `${text} Second outlet.`,
            { published: '2025-10-02' },
            new Date('2025-10-02T10:00:00Z'),
          ),
          analysis: analysis(),
          clusterId: first.report.id,
        };
        const late = {
          ...newReport(
            `${text} Much later.`,
            { published: '2025-12-01' },
            new Date('2025-12-01T10:00:00Z'),
          ),
          analysis: analysis(),
        };
        await store.addReport(first);
        await store.addReport(second);
        await store.addReport(late);
        expect((await store.reportsInCluster(first.report.id)).map((r) => r.id)).toEqual([
          first.report.id,
          second.report.id,
        ]);
        const candidates = await store.storyCandidates({
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
        const earlier = await store.storyCandidates({
          entities: [{ kind: 'actor', canonical: 'Phantom Taurus' }],
          from: '2025-09-25T00:00:00.000Z',
          to: '2025-10-09T00:00:00.000Z',
          before: { ingestedAt: second.report.ingestedAt, id: second.report.id },
        });
        expect(earlier.map((c) => c.reportId)).toEqual([first.report.id]);

        await store.replaceAnalysis(second.report.id, analysis('Volt Typhoon'), second.report.id);
        expect((await store.mentionsOf(second.report.id))[0]!.canonical).toBe('Volt Typhoon');
        expect(await store.clusterOf(second.report.id)).toBe(second.report.id);
        await store.setCluster(late.report.id, first.report.id);
        expect(await store.reportsInCluster(first.report.id)).toHaveLength(2);
      });

      it('keeps imported catalog entries, updating an entry imported again', async () => {
        expect(await store.importedCatalog()).toEqual([]);
        const added = await store.saveCatalogEntries([
          { kind: 'actor', name: 'Copper Wren', aliases: ['CW-17'], source: 'misp' },
          { kind: 'malware', name: 'GlassWing', aliases: [], source: 'attack' },
        ]);
        expect(added).toBe(2);
        expect(
          await store.saveCatalogEntries([
            {
              kind: 'actor',
              name: 'Copper Wren',
              aliases: ['CW-17', 'Wren Group'],
              source: 'misp',
            },
          ]),
        ).toBe(0);
        const entries = await store.importedCatalog();
        expect(entries.map((e) => [e.name, e.aliases])).toEqual([
          ['Copper Wren', ['CW-17', 'Wren Group']],
          ['GlassWing', []],
        ]);
      });
    });

    describe('conversations', () => {
      const answer = {
        kind: 'answer' as const,
        query: 'q',
        title: 't',
        summary: 's',
        sections: [],
        attribution: [],
        citations: [],
        withheld: 0,
        clearance: 'CLEAR' as const,
        suggestions: [],
        subjects: ['APT29'],
        engine: 'extractive',
        notice: null,
      };

      it('keeps one conversation reference per platform channel, replaced on save', async () => {
        expect(await store.conversationRef('teams', '19:abc@thread.tacv2')).toBeUndefined();
        await store.saveConversationRef(
          'teams',
          '19:abc@thread.tacv2',
          { serviceUrl: 'http://a', conversation: { id: '19:abc' } },
          '2026-11-21T08:00:00.000Z',
        );
        await store.saveConversationRef(
          'teams',
          '19:abc@thread.tacv2',
          { serviceUrl: 'http://b', conversation: { id: '19:abc' } },
          '2026-11-21T09:00:00.000Z',
        );
        expect(await store.conversationRef('teams', '19:abc@thread.tacv2')).toEqual({
          serviceUrl: 'http://b',
          conversation: { id: '19:abc' },
        });
      });

      it('remembers which answer a posted message carries', async () => {
        expect(await store.answerIdForMessage('teams', '19:a|1')).toBeUndefined();
        await store.linkMessage('teams', '19:a|1', 'answer-1', '2026-11-21T08:00:00.000Z');
        expect(await store.answerIdForMessage('teams', '19:a|1')).toBe('answer-1');
        expect(await store.answerIdForMessage('slack', '19:a|1')).toBeUndefined();
      });

      it('keeps thread memory and replaces it on save', async () => {
        expect(await store.getThread('slack:C1:1.0')).toBeUndefined();
        const context = {
          threadId: 'slack:C1:1.0',
          subjects: ['APT29'],
          citations: [],
          digestItems: [],
          updatedAt: '2026-11-21T08:00:00.000Z',
        };
        await store.saveThread(context);
        await store.saveThread({
          ...context,
          subjects: ['Sandworm Team'],
          updatedAt: '2026-11-21T08:05:00.000Z',
        });
        expect(await store.getThread('slack:C1:1.0')).toEqual({
          ...context,
          subjects: ['Sandworm Team'],
          updatedAt: '2026-11-21T08:05:00.000Z',
        });
      });

      it('stores answers and one rating per user, and refuses a rating for an unknown answer', async () => {
        await store.saveAnswer({
          id: 'a1',
          threadId: null,
          destination: 'cli:local',
          answer,
          createdAt: '2026-11-21T08:00:00.000Z',
        });
        expect(await store.getAnswer('a1')).toEqual({
          id: 'a1',
          threadId: null,
          destination: 'cli:local',
          answer,
          createdAt: '2026-11-21T08:00:00.000Z',
        });
        await store.saveFeedback({
          answerId: 'a1',
          user: 'U1',
          rating: 'down',
          comment: null,
          createdAt: '2026-11-21T08:01:00.000Z',
        });
        await store.saveFeedback({
          answerId: 'a1',
          user: 'U1',
          rating: 'up',
          comment: 'better',
          createdAt: '2026-11-21T08:02:00.000Z',
        });
        await store.saveFeedback({
          answerId: 'a1',
          user: 'U2',
          rating: 'down',
          comment: null,
          createdAt: '2026-11-21T08:03:00.000Z',
        });
        expect((await store.feedbackFor('a1')).map((f) => [f.user, f.rating, f.comment])).toEqual([
          ['U1', 'up', 'better'],
          ['U2', 'down', null],
        ]);
        await expect(
          store.saveFeedback({
            answerId: 'nope',
            user: 'U1',
            rating: 'up',
            comment: null,
            createdAt: '2026-11-21T08:04:00.000Z',
          }),
        ).rejects.toMatchObject({ code: 'not_found' });
      });
    });

    describe('subscriptions, watches, runs and alerts', () => {
      const destination = { platform: 'slack', channel: 'C1' };
      const subscription = {
        id: 's1',
        destination,
        cron: '0 8 * * *',
        timezone: 'Europe/Berlin',
        clearance: 'CLEAR' as const,
        filters: { actors: [], sectors: [], minReliability: null },
        postEmpty: true,
        createdBy: 'slack:U1',
        createdAt: '2026-11-21T00:00:00.000Z',
      };

      it('keeps one subscription per destination', async () => {
        await store.saveSubscription(subscription);
        await store.saveSubscription({ ...subscription, id: 's2', cron: '30 7 * * *' });
        expect(await store.listSubscriptions()).toEqual([
          { ...subscription, id: 's2', cron: '30 7 * * *' },
        ]);
        expect(await store.subscriptionFor(destination)).toMatchObject({ id: 's2' });
        expect(await store.removeSubscription(destination)).toBe(true);
        expect(await store.removeSubscription(destination)).toBe(false);
        expect(await store.listSubscriptions()).toEqual([]);
      });

      it('keeps watches per destination, alias-insensitively, and destination clearances', async () => {
        const watch = {
          destination,
          actor: 'Volt Typhoon',
          createdBy: 'slack:U1',
          createdAt: '2026-11-21T00:00:00.000Z',
        };
        expect(await store.addWatch(watch)).toBe(true);
        expect(await store.addWatch({ ...watch, actor: 'VOLT-TYPHOON' })).toBe(false);
        await store.addWatch({ ...watch, destination: { platform: 'teams', channel: '19:x' } });
        expect(
          (await store.watchesOn(['volt typhoon', 'APT29'])).map((w) => w.destination.platform),
        ).toEqual(['slack', 'teams']);
        expect(await store.watchesFor(destination)).toEqual([watch]);
        expect(await store.removeWatch(destination, 'Volt Typhoon')).toBe(true);
        expect(await store.watchesFor(destination)).toEqual([]);
        expect(await store.clearanceOf(destination)).toBeUndefined();
        await store.setClearance(destination, 'AMBER', 'slack:U1', '2026-11-21T00:00:00.000Z');
        expect(await store.clearanceOf(destination)).toBe('AMBER');
      });

      it('lets one claimant have a briefing period, and a stale unfinished claim be taken over', async () => {
        const run = {
          subscriptionId: 's1',
          periodStart: '2026-11-20T07:00:00.000Z',
          periodEnd: '2026-11-21T07:00:00.000Z',
          claimedAt: '2026-11-21T07:00:01.000Z',
          staleBefore: '2026-11-21T06:50:01.000Z',
        };
        const claims = await Promise.all([
          store.claimDigestRun({ ...run, claimedBy: 'a' }),
          store.claimDigestRun({ ...run, claimedBy: 'b' }),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.lastCompletedRun('s1')).toBeUndefined();
        // Twenty minutes later the claim was never finished: its scheduler died.
        expect(
          await store.claimDigestRun({
            ...run,
            claimedBy: 'c',
            claimedAt: '2026-11-21T07:20:00.000Z',
            staleBefore: '2026-11-21T07:10:00.000Z',
          }),
        ).toBe(true);
        await store.finishDigestRun({
          subscriptionId: 's1',
          periodEnd: run.periodEnd,
          status: 'posted',
          attempts: 1,
          lastError: null,
          threadId: 'slack:C1:1.0',
          messageIds: ['1.0', '1.1'],
          postedAt: '2026-11-21T07:20:02.000Z',
        });
        expect(
          await store.claimDigestRun({
            ...run,
            claimedBy: 'd',
            claimedAt: '2026-11-21T09:00:00.000Z',
            staleBefore: '2026-11-21T08:50:00.000Z',
          }),
        ).toBe(false);
        expect(await store.lastCompletedRun('s1')).toMatchObject({
          status: 'posted',
          claimedBy: 'c',
          messageIds: ['1.0', '1.1'],
          threadId: 'slack:C1:1.0',
        });
        expect(await store.digestRuns('s1')).toHaveLength(1);
      });

      it('queues alerts once per destination, report and actor, and hands each to one claimant', async () => {
        const item = newReport('Volt Typhoon again.');
        await store.addReport(item);
        const alert = {
          id: 'al1',
          destination,
          reportId: item.report.id,
          actor: 'Volt Typhoon',
          status: 'pending' as const,
          createdAt: '2026-11-21T00:00:00.000Z',
          attempts: 0,
          lastError: null,
        };
        expect(await store.queueAlerts([alert, { ...alert, id: 'al2' }])).toBe(1);
        const [first, second] = await Promise.all([
          store.claimAlerts('2026-11-21T00:01:00.000Z', '2026-11-20T23:51:00.000Z', 10),
          store.claimAlerts('2026-11-21T00:01:00.000Z', '2026-11-20T23:51:00.000Z', 10),
        ]);
        expect(first!.length + second!.length).toBe(1);
        await store.finishAlert('al1', 'posted', 1, null);
        expect(
          await store.claimAlerts('2026-11-21T01:00:00.000Z', '2026-11-21T00:59:00.000Z', 10),
        ).toEqual([]);
      });

      it('recognises a redelivered platform event', async () => {
        expect(await store.claimEvent('slack', 'Ev1', '2026-11-21T00:00:00.000Z')).toBe(true);
        expect(await store.claimEvent('slack', 'Ev1', '2026-11-21T00:00:01.000Z')).toBe(false);
        expect(await store.claimEvent('teams', 'Ev1', '2026-11-21T00:00:01.000Z')).toBe(true);
      });
    });
  });
}
