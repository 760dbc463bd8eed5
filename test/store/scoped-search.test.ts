/**
 * A passage search within some reports is read from those reports' passages, not from a pass over
 * the whole index: it must find, order and score exactly what the whole-index search finds in them.
 */
import { afterAll, describe, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { expectScopedLikeWhole, SEARCHES, searchCorpus } from '../support/search-corpus.ts';

describe('passage search within some reports (SQLite)', () => {
  const store = openSqliteStore({ path: ':memory:' });
  afterAll(() => store.close());
  const reports = searchCorpus();
  const ready = (async () => {
    for (const r of reports) await store.addReport(r);
  })();

  it.each(SEARCHES)('"%s" (%s) finds what the whole index finds in them', async (words, match) => {
    await ready;
    await expectScopedLikeWhole(store, reports, { words, match, clearance: 'GREEN' });
  });
});
