/**
 * PostgreSQL reads that take a shorter way than the plain query: a passage search within some
 * reports reads only their passages (it must find, order and score exactly what the whole-index
 * search finds in them, and count the same held-back reports), and reports read together are read
 * in one statement (each caller still gets its own answer, and a write batch still sees its own
 * writes). Runs when TEST_DATABASE_URL is set.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import type { Tlp } from '../../src/core/model/tlp.ts';
import type { PassageSearch } from '../../src/core/ports/report-store.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { queryPhrases } from '../../src/core/text/terms.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { SCOPED_REPORTS } from '../../src/store/postgres/report-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../support/postgres.ts';
import { newReport } from '../support/reports.ts';
import { expectScopedLikeWhole, SEARCHES, searchCorpus } from '../support/search-corpus.ts';

/** The clearance each search is run at, in turn. */
const CLEARANCES: Tlp[] = ['GREEN', 'AMBER', 'CLEAR', 'RED'];

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL reads taking a shorter way', () => {
  let schema: TestSchema;
  let store: Store;
  const reports = searchCorpus();
  beforeAll(async () => {
    schema = await createTestSchema();
    store = await openPostgresStore({ url: schema.url, maxConnections: 4 });
    for (const r of reports) await store.addReport(r);
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it.each(
    SEARCHES.map(
      ([words, match], i) => [words, match, CLEARANCES[i % CLEARANCES.length]!] as const,
    ),
  )(
    '"%s" (%s, %s) within some reports finds what the whole index finds in them',
    async (words, match, clearance) => {
      const { some, base, within } = await expectScopedLikeWhole(store, reports, {
        words,
        match,
        clearance,
      });
      // More reports than a scoped read takes: the full-text index, with the same answer.
      const many = [...some, ...Array.from({ length: SCOPED_REPORTS }, (_, i) => `absent-${i}`)];
      expect(await store.searchPassages({ ...base, reportIds: many })).toEqual(within);
      // No report at all: nothing, nothing held back.
      expect(await store.searchPassages({ ...base, reportIds: [] })).toEqual({
        hits: [],
        withheldReports: 0,
      });
    },
  );

  it('counts the reports held back within the ones asked for, also when none is visible', async () => {
    const hidden = reports.filter((r) => r.report.tlp !== 'CLEAR').map((r) => r.report.id);
    const search: PassageSearch = {
      phrases: queryPhrases('malware loader report'),
      match: 'any',
      limit: 10,
      clearance: 'CLEAR',
    };
    const whole = await store.searchPassages({ ...search, limit: 1000, clearance: 'RED' });
    const expected = new Set(
      whole.hits.filter((h) => hidden.includes(h.report.id)).map((h) => h.report.id),
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(await store.searchPassages({ ...search, limit: 1000, reportIds: hidden })).toEqual({
      hits: [],
      withheldReports: expected.size,
    });
  });

  it('reads reports asked for together in one statement, each caller getting its own', async () => {
    const ids = reports.slice(0, 12).map((r) => r.report.id);
    const one = await Promise.all(ids.map((id) => store.getReport(id)));
    const query = vi.spyOn(pg.Pool.prototype, 'query');
    try {
      const asked = [...ids, 'absent', ids[0]!];
      const together = await Promise.all(asked.map((id) => store.getReport(id)));
      expect(query).toHaveBeenCalledTimes(1);
      expect(together).toEqual([...one, undefined, one[0]]);
      expect(together[0]).not.toBe(together.at(-1));
      expect(together[0]).toMatchObject({ id: ids[0], text: reports[0]!.report.text });
    } finally {
      query.mockRestore();
    }
  });

  it('reads a report written earlier in the same write batch', async () => {
    const item = newReport('Written inside a batch, read back before the batch commits.');
    const read = await store.writeBatch(async () => {
      await store.addReport(item);
      return Promise.all([store.getReport(item.report.id), store.getReport('absent')]);
    });
    expect(read[0]).toMatchObject({ id: item.report.id, text: item.report.text });
    expect(read[1]).toBeUndefined();
  });
});

const ACTORS = ['APT29', 'Volt Typhoon', 'Lazarus Group', 'Sandworm Team', 'Turla', 'APT28'];
const LABELS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

/** Analysed reports about several actors, under every label, some undated. */
function analysedCorpus() {
  const analysis = AnalysisService.builtin();
  return Array.from({ length: 36 }, (_, i) => {
    const actor = ACTORS[i % ACTORS.length]!;
    const other = ACTORS[(i * 5 + 1) % ACTORS.length]!;
    const text = `${actor} deployed Cobalt Strike and Mimikatz against ministries in campaign ${i}. Researchers attribute ${actor} to Russia with moderate confidence. ${actor}, also known as ${actor} Group, exploited CVE-2024-${3400 + (i % 5)}. ${other} was seen using the same loader.`;
    const published = i % 7 === 2 ? undefined : `2026-0${1 + (i % 9)}-1${i % 10}`;
    const item = newReport(
      text,
      {
        title: `${actor} campaign ${i}`,
        tlp: LABELS[i % LABELS.length]!,
        ...(published ? { published } : {}),
      },
      new Date(Date.parse('2026-11-20T01:00:00Z') + i * 60_000),
    );
    item.analysis = analysis.analyze({
      text,
      title: item.report.title,
      published: published ?? null,
    });
    return item;
  });
}

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL analysis reads, compared with SQLite', () => {
  let schema: TestSchema;
  let postgres: Store;
  const sqlite = openSqliteStore({ path: ':memory:' });
  const items = analysedCorpus();
  beforeAll(async () => {
    schema = await createTestSchema();
    postgres = await openPostgresStore({ url: schema.url, maxConnections: 4 });
    for (const item of items) {
      await postgres.addReport(item);
      await sqlite.addReport(item);
    }
  });
  afterAll(async () => {
    await postgres?.close();
    await schema?.drop();
    sqlite.close();
  });

  it.each(LABELS)('claims, facts and reports naming actors agree at %s', async (clearance) => {
    const some = items.filter((_, i) => i % 4 !== 1).map((r) => r.report.id);
    const withins = [
      undefined,
      { reportIds: some },
      { reportIds: [] },
      { ingestedBefore: '2026-11-20T01:20:00.000Z' },
      { reportIds: some, ingestedBefore: '2026-11-20T01:25:00.000Z' },
    ];
    const seen = { claims: 0, facts: 0, withheld: 0 };
    for (const subjects of [['APT29'], ['apt28', 'Turla', 'Nobody'], []]) {
      for (const within of withins) {
        const claims = await postgres.claimsAbout(subjects, clearance, within);
        expect(claims).toEqual(await sqlite.claimsAbout(subjects, clearance, within));
        const facts = await postgres.factsAbout(subjects, clearance, within);
        expect(facts).toEqual(await sqlite.factsAbout(subjects, clearance, within));
        seen.claims += claims.items.length;
        seen.facts += facts.items.length;
        seen.withheld += claims.withheldReports + facts.withheldReports;
      }
      expect(await postgres.factsAbout(subjects, clearance, { kinds: ['alias'] })).toEqual(
        await sqlite.factsAbout(subjects, clearance, { kinds: ['alias'] }),
      );
      const entities = subjects.map((canonical) => ({ kind: 'actor' as const, canonical }));
      for (const order of ['mentions', 'newest', 'oldest'] as const)
        for (const limit of [undefined, 1, 5])
          for (const counted of [undefined, false]) {
            const query = { entities, clearance, order, limit, counted };
            expect(await postgres.reportsMentioning(query)).toEqual(
              await sqlite.reportsMentioning(query),
            );
          }
    }
    // The comparison was about something: rows found, and below RED some held back.
    expect(seen.claims).toBeGreaterThan(0);
    expect(seen.facts).toBeGreaterThan(0);
    if (clearance === 'RED') expect(seen.withheld).toBe(0);
    else expect(seen.withheld).toBeGreaterThan(0);
  });
});
