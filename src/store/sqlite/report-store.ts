/** @module ReportStore on SQLite: reports, passages and linked objects written in one transaction; FTS5 passage search. */
import type { SQLInputValue } from 'node:sqlite';
import { ThreatBriefError } from '../../core/errors.ts';
import type { LinkedObject, ReportSummary } from '../../core/model/report.ts';
import { tlpRank } from '../../core/model/tlp.ts';
import type {
  PassageHit,
  PassageSearch,
  ReportQuery,
  ReportStore,
} from '../../core/ports/report-store.ts';
import { type Row, SUMMARY_COLUMNS, toPassage, toSummary } from '../rows.ts';
import { setCluster, writeAnalysis } from './analysis-write-store.ts';
import type { SqliteDatabase } from './database.ts';
import { scopedPassageSearch } from './scoped-search.ts';

/** An id list as one parameter (a JSON array read by json_each): no limit on its length. */
const IDS = '(SELECT value FROM json_each(?))';

/** The highest passage id so far: passages written after it have higher ones. */
export function lastPassageId(db: SqliteDatabase): number {
  return Number(db.statement('SELECT MAX(id) AS n FROM passages').get()!.n ?? 0);
}

/**
 * Adds passages with ids above `after` to the full-text index, in one statement: FTS5 keeps the
 * terms of one statement in memory and writes them as one segment. The caller holds the
 * transaction.
 */
export function indexPassages(db: SqliteDatabase, after: number): void {
  db.statement(
    'INSERT INTO passages_fts (rowid, text) SELECT id, text FROM passages WHERE id > ? ORDER BY id',
  ).run(after);
}

/** FTS5 query text for phrases of plain tokens (tokens hold only letters and digits). */
function ftsQuery(search: PassageSearch): string {
  return search.phrases
    .map((p) => `"${p.join(' ')}"`)
    .join(search.match === 'all' ? ' AND ' : ' OR ');
}

function toHit(row: Row): PassageHit {
  return { passage: toPassage(row), report: toSummary(row), score: -Number(row.rank) };
}

function ingestWindow(query: ReportQuery): { sql: string[]; params: SQLInputValue[] } {
  const sql: string[] = [];
  const params: SQLInputValue[] = [];
  if (query.ingestedSince) {
    sql.push('r.ingested_at >= ?');
    params.push(query.ingestedSince);
  }
  if (query.ingestedBefore) {
    sql.push('r.ingested_at < ?');
    params.push(query.ingestedBefore);
  }
  if (query.datedFrom) {
    sql.push('COALESCE(r.published, r.ingested_at) >= ?');
    params.push(query.datedFrom);
  }
  if (query.datedTo) {
    sql.push('COALESCE(r.published, r.ingested_at) <= ?');
    params.push(query.datedTo);
  }
  return { sql, params };
}

export function sqliteReportStore(db: SqliteDatabase): ReportStore {
  const summaryWhere = (where: string, ...params: SQLInputValue[]): ReportSummary | undefined => {
    const row = db
      .statement(`SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE ${where}`)
      .get(...params);
    return row ? toSummary(row as Row) : undefined;
  };

  const list = (query: ReportQuery, extra?: { sql: string; param: SQLInputValue }) => {
    const window = ingestWindow(query);
    const where = extra ? [...window.sql, extra.sql] : window.sql;
    const params = extra ? [...window.params, extra.param] : window.params;
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM reports r
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.ingested_at DESC, r.id ${query.limit ? 'LIMIT ?' : ''}`;
    if (query.limit) params.push(query.limit);
    return (db.statement(sql).all(...params) as Row[]).map(toSummary);
  };

  return {
    async addReport(item) {
      const { report, passages, linkedObjects } = item;
      try {
        return db.transaction(() => {
          const existing = summaryWhere('r.content_hash = ?', report.contentHash);
          if (existing) return { status: 'duplicate', report: existing } as const;
          db.statement(
            `INSERT INTO reports (id, content_hash, title, url, publisher, author, published, ingested_at,
               tlp, tlp_rank, reliability, source_kind, ai_generated, origin, text)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
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
          );
          const insertPassage = db.statement(
            'INSERT INTO passages (report_id, seq, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?)',
          );
          const indexed = lastPassageId(db);
          for (const p of passages) insertPassage.run(report.id, p.seq, p.start, p.end, p.text);
          // In a batch the batch indexes every report's passages at once, before it commits.
          if (!db.inBatch) indexPassages(db, indexed);
          const insertObject = db.statement(
            'INSERT INTO linked_objects (report_id, stix_id, type, name, body) VALUES (?, ?, ?, ?, ?)',
          );
          for (const o of linkedObjects) {
            insertObject.run(report.id, o.stixId, o.type, o.name, JSON.stringify(o.body));
          }
          if (item.analysis) writeAnalysis(db, report.id, item.analysis);
          setCluster(db, report.id, item.clusterId ?? report.id);
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
      // Read once the batch's transaction is open (it may wait for another batch to end).
      let indexed: number | undefined;
      return db.batch(
        () => {
          indexed ??= lastPassageId(db);
          return work();
        },
        () => {
          if (indexed !== undefined) indexPassages(db, indexed);
        },
      );
    },

    async getReport(id) {
      const row = db
        .statement(`SELECT ${SUMMARY_COLUMNS}, r.text FROM reports r WHERE r.id = ?`)
        .get(id);
      return row ? { ...toSummary(row as Row), text: row.text as string } : undefined;
    },

    async getReportSummaries(ids, clearance) {
      if (ids.length === 0) return [];
      const rows = db
        .statement(
          `SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE r.id IN ${IDS} AND r.tlp_rank <= ?`,
        )
        .all(JSON.stringify(ids), tlpRank(clearance ?? 'RED')) as Row[];
      const byId = new Map(rows.map((row) => [row.id as string, toSummary(row)]));
      return ids.map((id) => byId.get(id)).filter((r): r is ReportSummary => r !== undefined);
    },

    async findReportByHash(contentHash) {
      return summaryWhere('r.content_hash = ?', contentHash);
    },

    async listReports(query = {}) {
      return list(query);
    },

    async visibleReports(query) {
      const rank = tlpRank(query.clearance);
      const items = list(query, { sql: 'r.tlp_rank <= ?', param: rank });
      const window = ingestWindow(query);
      const withheld = db
        .statement(
          `SELECT COUNT(*) AS n FROM reports r WHERE ${[...window.sql, 'r.tlp_rank > ?'].join(' AND ')}`,
        )
        .get(...window.params, rank)!;
      return { items, withheldReports: Number(withheld.n) };
    },

    async countReports() {
      return Number(db.statement('SELECT COUNT(*) AS n FROM reports').get()!.n);
    },

    async passagesOf(reportId) {
      return (
        db
          .statement('SELECT * FROM passages WHERE report_id = ? ORDER BY seq')
          .all(reportId) as Row[]
      ).map(toPassage);
    },

    async linkedObjectsOf(reportId) {
      return (
        db
          .statement('SELECT * FROM linked_objects WHERE report_id = ? ORDER BY stix_id')
          .all(reportId) as Row[]
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
      const scoped = search.reportIds
        ? scopedPassageSearch(db, { ...search, reportIds: search.reportIds }, clearance)
        : null;
      if (scoped) return { hits: scoped.rows.map(toHit), withheldReports: scoped.withheldReports };
      const match = ftsQuery(search);
      const only = search.reportIds ? `AND p.report_id IN ${IDS}` : '';
      const onlyParams = search.reportIds ? [JSON.stringify(search.reportIds)] : [];
      const rows = db
        .statement(
          `SELECT ${SUMMARY_COLUMNS}, p.report_id, p.seq, p.start_offset, p.end_offset, p.text,
             bm25(passages_fts) AS rank
           FROM passages_fts
           JOIN passages p ON p.id = passages_fts.rowid
           JOIN reports r ON r.id = p.report_id
           WHERE passages_fts MATCH ? AND r.tlp_rank <= ? ${only}
           ORDER BY rank, p.id
           LIMIT ?`,
        )
        .all(match, clearance, ...onlyParams, search.limit) as Row[];
      // Counting what is held back costs a second full-text pass; none is needed when no report
      // (of those asked for) sits above the clearance.
      const above = db
        .statement(
          search.reportIds
            ? `SELECT 1 FROM reports WHERE tlp_rank > ? AND id IN ${IDS} LIMIT 1`
            : 'SELECT 1 FROM reports WHERE tlp_rank > ? LIMIT 1',
        )
        .get(clearance, ...onlyParams);
      const withheld = above
        ? db
            .statement(
              `SELECT COUNT(DISTINCT p.report_id) AS n
               FROM passages_fts
               JOIN passages p ON p.id = passages_fts.rowid
               JOIN reports r ON r.id = p.report_id
               WHERE passages_fts MATCH ? AND r.tlp_rank > ? ${only}`,
            )
            .get(match, clearance, ...onlyParams)!
        : { n: 0 };
      return { hits: rows.map(toHit), withheldReports: Number(withheld.n) };
    },
  };
}
