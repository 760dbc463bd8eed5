/** Ingest in batches: every document gets its own result, in order, whatever happens to the others of its batch. */
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisService } from '../../../src/core/analysis/analysis-service.ts';
import { ThreatBriefError } from '../../../src/core/errors.ts';
import {
  type IngestProgress,
  ingestDocuments,
  type SourceDocument,
} from '../../../src/core/ingest/ingest-documents.ts';
import { fixedClock } from '../../../src/core/ports/clock.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

const ACTORS = ['APT29', 'Volt Typhoon', 'Lazarus Group', 'Sandworm Team', 'Turla'];
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function doc(origin: string, text: string): SourceDocument {
  return { origin, read: async () => [{ sourceKind: 'text', title: origin, text }] };
}

describe('ingestDocuments', () => {
  it('gives every document of several batches its own result: a bad one, a failed write or a duplicate stops none of the others', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    stores.push(store);
    // The store refuses one report, as a full disk would; the reports around it are kept.
    const refusing: Store = {
      ...store,
      addReport: (item) =>
        item.report.title === 'doc-250'
          ? Promise.reject(new ThreatBriefError('store', 'the disk said no'))
          : store.addReport(item),
    };
    const documents = Array.from({ length: 450 }, (_, i) => {
      const actor = ACTORS[i % ACTORS.length]!;
      return doc(`doc-${i}`, `${actor} was seen in campaign ${i} against ministries.`);
    });
    documents[10] = {
      origin: 'doc-10',
      read: async () => {
        throw new ThreatBriefError('unreadable', 'not a report');
      },
    };
    documents[199] = doc('doc-199', '   ');
    documents[201] = doc('doc-201', 'APT29 was seen in campaign 200 against ministries.');
    const progress: IngestProgress[] = [];
    const summary = await ingestDocuments(
      {
        store: refusing,
        clock: fixedClock(new Date('2026-11-20T08:00:00Z')),
        analysis: await AnalysisService.load(store),
      },
      documents,
      { defaultTlp: 'CLEAR', onProgress: (p) => progress.push(p) },
    );
    expect(summary.documents.map((d) => d.origin)).toEqual(documents.map((d) => d.origin));
    expect(summary.rejected.map((r) => [r.path, r.code])).toEqual([
      ['doc-10', 'unreadable'],
      ['doc-199', 'empty_text'],
      ['doc-250', 'store'],
    ]);
    expect(summary.duplicates).toBe(1);
    expect(summary.ingested).toBe(446);
    expect(await store.countReports()).toBe(446);
    expect(progress.at(-1)).toMatchObject({ done: 450, total: 450 });
  });
});
