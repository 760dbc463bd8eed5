/** @module ReportStore on PostgreSQL: a report and everything found in it written in one transaction; tsvector search ranked like FTS5's. */
import { ThreatBriefError } from '../../core/errors.ts';
import type { LinkedObject, ReportSummary } from '../../core/model/report.ts';
import { tlpRank } from '../../core/model/tlp.ts';
import type { PassageSearch, ReportQuery, ReportStore } from '../../core/ports/report-store.ts';
import { tokenize } from '../../core/text/terms.ts';
import { type Row, SUMMARY_COLUMNS, toPassage, toSummary } from '../rows.ts';
import { setCluster, writeAnalysis } from './analysis-write-store.ts';
import { coalesced } from './coalesce.ts';
import type { PostgresDatabase, Queryable } from './database.ts';

/**
 * The text a passage is indexed by: its tokens as SQLite's FTS5 splits them (letters and digits,
 * diacritics folded), so "CL-STA-0043" is three words in both stores, not one hyphenated word.
 */
export function searchText(text: string): string {
  return tokenize(text).join(' ');
}

/** A tsquery over numbered parameters: each phrase a phraseto_tsquery, joined by AND or OR. */
function tsQuery(search: PassageSearch, firstParam: number): { sql: string; params: string[] } {
  const joiner = search.match === 'all' ? ' && ' : ' || ';
  return {
    sql: `(${search.phrases.map((_, i) => `phraseto_tsquery('english', $${firstParam + i})`).join(joiner)})`,
    params: search.phrases.map((p) => p.join(' ')),
  };
}

/** The highest label's rank: nothing stored sits above it (the reports table checks it), so nothing is withheld. */
export const TOP_RANK = tlpRank('RED');

/**
 * Above this many reports a search limited to some reports goes through the full-text index
 * (and drops the passages of other reports); up to it, only those reports' passages are read.
 */
export const SCOPED_REPORTS = 500;

/**
 * The statement of a passage search: each passage whose words match the tsquery ranked by
 * ts_rank with length normalisation (1: more matches in a shorter passage rank higher, as with
 * FTS5's bm25), best first, ties by passage id, cut at the limit; only the ranked passages' text
 * and reports' columns are read. One row per hit, each with `withheld`, the number of reports
 * above the clearance holding a match; when no hit is visible, one row with only `withheld`.
 *
 * Within a few reports (`scopedIds`), only their passages are read and matched one by one: the
 * full-text index would yield every passage of the store holding a common word ("malware"), to
 * be filtered after. At the highest label (`allVisible`) nothing is held back, so the matches
 * are ranked without looking up their reports first.
 */
function passageSearchSql(o: {
  tsquery: string;
  limit: string;
  /** Placeholder of the clearance's rank; unused when allVisible. */
  clearance: string;
  allVisible: boolean;
  /** Placeholder of report ids the passages are read from (a scoped search). */
  scopedIds?: string | undefined;
  /** Placeholder of report ids the index's matches are kept in (too many to scope). */
  onlyIds?: string | undefined;
}): string {
  // OFFSET 0 keeps the planner from matching the scoped passages through the full-text index.
  const passages = o.scopedIds
    ? `(SELECT id, report_id, search FROM passages
         WHERE report_id = ANY(${o.scopedIds}::text[]) OFFSET 0) p`
    : 'passages p';
  const only = o.onlyIds ? `AND p.report_id = ANY(${o.onlyIds}::text[])` : '';
  const matches = (columns: string, reports: string) => `
    SELECT p.id, p.report_id, ${columns}ts_rank(p.search, q.query, 1) AS rank
    FROM (SELECT ${o.tsquery} AS query) q CROSS JOIN ${passages} ${reports}
    WHERE p.search @@ q.query ${only}`;
  const hits = `LEFT JOIN passages p ON p.id = h.id
    LEFT JOIN reports r ON r.id = h.report_id
    ORDER BY h.rank DESC, h.id`;
  const columns = `${SUMMARY_COLUMNS}, p.report_id, p.seq, p.start_offset, p.end_offset, p.text, h.rank`;
  if (o.allVisible)
    return `SELECT ${columns}, 0 AS withheld
    FROM (SELECT 1) one
    LEFT JOIN (${matches('', '')} ORDER BY rank DESC, p.id LIMIT ${o.limit}) h ON true
    ${hits}`;
  // The scoped ids on the reports side too: those reports are read by key, not all hashed.
  const reports = `JOIN reports r ON r.id = p.report_id${
    o.scopedIds ? ` AND r.id = ANY(${o.scopedIds}::text[])` : ''
  }`;
  return `WITH m AS MATERIALIZED (${matches('r.tlp_rank, ', reports)})
    SELECT ${columns},
      (SELECT COUNT(DISTINCT report_id) FROM m WHERE tlp_rank > ${o.clearance}) AS withheld
    FROM (SELECT 1) one
    LEFT JOIN (SELECT id, report_id, rank FROM m WHERE tlp_rank <= ${o.clearance}
      ORDER BY rank DESC, id LIMIT ${o.limit}) h ON true
    ${hits}`;
}

function ingestWindow(query: ReportQuery, params: unknown[]): string[] {
  const where: string[] = [];
  if (query.ingestedSince) {
    params.push(query.ingestedSince);
    where.push(`r.ingested_at >= $${params.length}`);
  }
  if (query.ingestedBefore) {
    params.push(query.ingestedBefore);
    where.push(`r.ingested_at < $${params.length}`);
  }
  if (query.datedFrom) {
    params.push(query.datedFrom);
    where.push(`COALESCE(r.published, r.ingested_at) >= $${params.length}`);
  }
  if (query.datedTo) {
    params.push(query.datedTo);
    where.push(`COALESCE(r.published, r.ingested_at) <= $${params.length}`);
  }
  return where;
}

/** Inserts passages in one statement (arrays unnested), each with its search vector. */
export async function insertPassages(
  tx: Queryable,
  rows: { reportId: string; seq: number; start: number; end: number; text: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.run(
    `INSERT INTO passages (report_id, seq, start_offset, end_offset, text, search)
     SELECT u.report_id, u.seq, u.start_offset, u.end_offset, u.text, to_tsvector('english', u.search_text)
     FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[])
       WITH ORDINALITY AS u(report_id, seq, start_offset, end_offset, text, search_text, n)
     ORDER BY u.n`,
    [
      rows.map((p) => p.reportId),
      rows.map((p) => p.seq),
      rows.map((p) => p.start),
      rows.map((p) => p.end),
      rows.map((p) => p.text),
      rows.map((p) => searchText(p.text)),
    ],
  );
}

export function postgresReportStore(db: PostgresDatabase): ReportStore {
  const summaryByHash = async (q: Queryable, hash: string): Promise<ReportSummary | undefined> => {
    const [row] = await q.rows(
      `SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE r.content_hash = $1`,
      [hash],
    );
    return row ? toSummary(row) : undefined;
  };

  // Reports read together (an answer's citations, checked at once) are read in one statement.
  const reportRow = coalesced<Row>(
    async (ids) =>
      new Map(
        (
          await db.rows(
            `SELECT ${SUMMARY_COLUMNS}, r.text FROM reports r WHERE r.id = ANY($1::text[])`,
            [ids],
          )
        ).map((row) => [row.id as string, row]),
      ),
  );

  const list = async (query: ReportQuery, clearance?: number) => {
    const params: unknown[] = [];
    const where = ingestWindow(query, params);
    if (clearance !== undefined) {
      params.push(clearance);
      where.push(`r.tlp_rank <= $${params.length}`);
    }
    params.push(query.limit ?? null);
    return (
      await db.rows(
        `SELECT ${SUMMARY_COLUMNS} FROM reports r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY r.ingested_at DESC, r.id LIMIT $${params.length}`,
        params,
      )
    ).map(toSummary);
  };

  return {
    async addReport(item) {
      const { report, passages, linkedObjects } = item;
      try {
        return await db.transaction(async (tx) => {
          // Another replica storing the same text at the same moment makes this insert wait for
          // it, then do nothing: the report is a duplicate, whoever came second.
          const inserted = await tx.run(
            `INSERT INTO reports (id, content_hash, title, url, publisher, author, published, ingested_at,
               tlp, tlp_rank, reliability, source_kind, ai_generated, origin, text)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             ON CONFLICT DO NOTHING`,
            [
              report.id,
              report.contentHash,
              report.title,
              report.url,
              report.publisher,
              report.author,
              report.published,
              report.ingestedAt,
              report.tlp,
              tlpRank(report.tlp),
              report.reliability,
              report.sourceKind,
              report.aiGenerated ? 1 : 0,
              report.origin,
              report.text,
            ],
          );
          if (inserted === 0) {
            const existing = await summaryByHash(tx, report.contentHash);
            if (!existing) throw new Error(`report id ${report.id} is taken by other text`);
            return { status: 'duplicate', report: existing } as const;
          }
          await insertPassages(
            tx,
            passages.map((p) => ({ ...p, reportId: report.id })),
          );
          if (linkedObjects.length) {
            await tx.run(
              `INSERT INTO linked_objects (report_id, stix_id, type, name, body)
               SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
              [
                report.id,
                linkedObjects.map((o) => o.stixId),
                linkedObjects.map((o) => o.type),
                linkedObjects.map((o) => o.name),
                linkedObjects.map((o) => JSON.stringify(o.body)),
              ],
            );
          }
          if (item.analysis) await writeAnalysis(tx, report.id, item.analysis);
          await setCluster(tx, report.id, item.clusterId ?? report.id);
          const { text: _text, ...summary } = report;
          return { status: 'stored', report: summary } as const;
        });
      } catch (error) {
        throw new ThreatBriefError(
          'store',
          `could not store "${report.title}": ${(error as Error).message}`,
          { cause: error },
        );
      }
    },

    writeBatch(work) {
      return db.batch(work);
    },

    async getReport(id) {
      // Inside a write batch reads go to the batch's client, one at a time.
      const row = db.inBatch
        ? (
            await db.rows(`SELECT ${SUMMARY_COLUMNS}, r.text FROM reports r WHERE r.id = $1`, [id])
          )[0]
        : await reportRow(id);
      return row ? { ...toSummary(row), text: row.text as string } : undefined;
    },

    async getReportSummaries(ids, clearance) {
      if (ids.length === 0) return [];
      const rows = await db.rows(
        `SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE r.id = ANY($1::text[]) AND r.tlp_rank <= $2`,
        [ids, tlpRank(clearance ?? 'RED')],
      );
      const byId = new Map(rows.map((row) => [row.id as string, toSummary(row)]));
      return ids.map((id) => byId.get(id)).filter((r): r is ReportSummary => r !== undefined);
    },

    async findReportByHash(contentHash) {
      return summaryByHash(db, contentHash);
    },

    async listReports(query = {}) {
      return list(query);
    },

    async visibleReports(query) {
      const rank = tlpRank(query.clearance);
      const params: unknown[] = [];
      const where = ingestWindow(query, params);
      params.push(rank);
      const [items, [withheld]] = await Promise.all([
        list(query, rank),
        db.rows(
          `SELECT COUNT(*) AS n FROM reports r WHERE ${[...where, `r.tlp_rank > $${params.length}`].join(' AND ')}`,
          params,
        ),
      ]);
      return { items, withheldReports: Number(withheld!.n) };
    },

    async countReports() {
      const [row] = await db.rows('SELECT COUNT(*) AS n FROM reports');
      return Number(row!.n);
    },

    async passagesOf(reportId) {
      return (
        await db.rows(
          'SELECT report_id, seq, start_offset, end_offset, text FROM passages WHERE report_id = $1 ORDER BY seq',
          [reportId],
        )
      ).map(toPassage);
    },

    async linkedObjectsOf(reportId) {
      return (
        await db.rows('SELECT * FROM linked_objects WHERE report_id = $1 ORDER BY stix_id', [
          reportId,
        ])
      ).map(
        (row): LinkedObject => ({
          stixId: row.stix_id as string,
          type: row.type as string,
          name: (row.name as string | null) ?? null,
          body: JSON.parse(row.body as string) as Record<string, unknown>,
        }),
      );
    },

    async searchPassages(search) {
      if (search.phrases.length === 0) return { hits: [], withheldReports: 0 };
      const clearance = tlpRank(search.clearance);
      const query = tsQuery(search, 1);
      const params: unknown[] = [...query.params];
      const ids = search.reportIds ? `$${params.push(search.reportIds)}` : undefined;
      const scoped = ids !== undefined && new Set(search.reportIds).size <= SCOPED_REPORTS;
      const allVisible = clearance >= TOP_RANK;
      const sql = passageSearchSql({
        tsquery: query.sql,
        limit: `$${params.push(search.limit)}`,
        clearance: allVisible ? '' : `$${params.push(clearance)}`,
        allVisible,
        scopedIds: scoped ? ids : undefined,
        onlyIds: scoped ? undefined : ids,
      });
      const rows = await db.rows(sql, params);
      return {
        hits: rows
          .filter((row) => row.id !== null)
          .map((row) => ({
            passage: toPassage(row),
            report: toSummary(row),
            score: Number(row.rank),
          })),
        withheldReports: Number(rows[0]?.withheld ?? 0),
      };
    },
  };
}
