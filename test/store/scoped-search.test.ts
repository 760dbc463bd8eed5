/**
 * A passage search within some reports is read from those reports' passages, not from a pass over
 * the whole index: it must find, order and score exactly what the whole-index search finds in them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { PassageSearch } from '../../src/core/ports/report-store.ts';
import { queryPhrases } from '../../src/core/text/terms.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { SEARCHES, searchCorpus } from '../support/search-corpus.ts';

describe('passage search within some reports (SQLite)', () => {
  const store = openSqliteStore({ path: ':memory:' });
  afterAll(() => store.close());
  const reports = searchCorpus();
  const ready = (async () => {
    for (const r of reports) await store.addReport(r);
  })();

  it.each(SEARCHES)('"%s" (%s) finds what the whole index finds in them', async (words, match) => {
    await ready;
    const some = reports.filter((_, i) => i % 3 !== 1).map((r) => r.report.id);
    const base: PassageSearch = {
      phrases: queryPhrases(words),
      match,
      limit: 1000,
      clearance: 'GREEN',
    };
    const whole = await store.searchPassages(base);
    const within = await store.searchPassages({ ...base, reportIds: some });
    const expected = whole.hits.filter((h) => some.includes(h.report.id));
    expect(within.hits).toEqual(expected);
    // The same reports again (duplicates in the list change nothing), fewer hits.
    const limited = await store.searchPassages({
      ...base,
      limit: 5,
      reportIds: [...some, ...some],
    });
    expect(limited.hits).toEqual(expected.slice(0, 5));
    // Reports above the clearance are counted, never shown.
    const everyone = await store.searchPassages({
      ...base,
      reportIds: reports.map((r) => r.report.id),
    });
    expect(everyone.withheldReports).toBe(whole.withheldReports);
    expect(everyone.hits).toEqual(whole.hits);
  });
});
