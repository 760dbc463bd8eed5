/** @module AnalysisReadStore on SQLite: mentions, claims, facts and clusters, read in batches, clearance applied in SQL. */
import type { SQLInputValue } from 'node:sqlite';
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import type { EntityKind, Fact, Mention } from '../../core/model/analysis.ts';
import { type Tlp, tlpRank } from '../../core/model/tlp.ts';
import type {
  AnalysisReadStore,
  EntityRef,
  ReportWithMentions,
  Withholding,
} from '../../core/ports/analysis-store.ts';
import { type Row, SUMMARY_COLUMNS, toClaim, toFact, toMention, toSummary } from '../rows.ts';
import type { SqliteDatabase } from './database.ts';

/** An id list as one parameter (a JSON array read by json_each): no limit on its length, one cached statement. */
const IDS = '(SELECT value FROM json_each(?))';

/**
 * Matches mentions of any of `entities`. The pairs travel as one JSON parameter: one OR clause per
 * entity made a report naming 500+ entities exceed SQLite's expression depth limit (1000).
 */
function entityKeys(entities: EntityRef[]): { sql: string; params: SQLInputValue[] } {
  if (entities.length === 0) return { sql: '0', params: [] };
  return {
    sql: '(m.canonical_key, m.kind) IN (SELECT e.value ->> 0, e.value ->> 1 FROM json_each(?) e)',
    params: [JSON.stringify(entities.map((e) => [aliasKey(e.canonical), e.kind]))],
  };
}

/**
 * Rows of `table` (claims or facts) about any of `subjects` that a destination with `clearance`
 * may see, and how many reports it may not. A claim linking two actors is about both of them,
 * so claims also match on an actor object.
 */
function rowsAbout(
  db: SqliteDatabase,
  table: 'claims' | 'facts',
  subjects: string[],
  clearance: Tlp,
): Withholding<Row> {
  if (subjects.length === 0) return { items: [], withheldReports: 0 };
  const keys = JSON.stringify([...new Set(subjects.map(aliasKey))]);
  const about =
    table === 'claims'
      ? `(t.subject_key IN ${IDS} OR (t.object_kind = 'actor' AND t.object_key IN ${IDS}))`
      : `t.subject_key IN ${IDS}`;
  const params = table === 'claims' ? [keys, keys] : [keys];
  const rank = tlpRank(clearance);
  const items = db
    .statement(
      `SELECT t.*, ${SUMMARY_COLUMNS} FROM ${table} t JOIN reports r ON r.id = t.report_id
       WHERE ${about} AND r.tlp_rank <= ?
       ORDER BY r.published, r.id, t.start_offset, t.id`,
    )
    .all(...params, rank) as Row[];
  const withheld = db
    .statement(
      `SELECT COUNT(DISTINCT t.report_id) AS n FROM ${table} t JOIN reports r ON r.id = t.report_id
       WHERE ${about} AND r.tlp_rank > ?`,
    )
    .get(...params, rank)!;
  return { items, withheldReports: Number(withheld.n) };
}

export function sqliteAnalysisReadStore(db: SqliteDatabase): AnalysisReadStore {
  return {
    async mentionsOf(reportId) {
      return (
        db
          .statement(
            'SELECT * FROM mentions WHERE report_id = ? ORDER BY start_offset, kind, rowid',
          )
          .all(reportId) as Row[]
      ).map(toMention);
    },

    async claimsOf(reportId) {
      return (
        db
          .statement('SELECT * FROM claims WHERE report_id = ? ORDER BY start_offset, id')
          .all(reportId) as Row[]
      ).map(toClaim);
    },

    async factsOf(reportId) {
      return (
        db
          .statement('SELECT * FROM facts WHERE report_id = ? ORDER BY start_offset, id')
          .all(reportId) as Row[]
      ).map(toFact);
    },

    async clusterOf(reportId) {
      const row = db
        .statement('SELECT cluster_id FROM report_clusters WHERE report_id = ?')
        .get(reportId);
      return row ? (row.cluster_id as string) : undefined;
    },

    async reportsWithMentions(ids) {
      if (ids.length === 0) return [];
      const list = JSON.stringify(ids);
      const reports = db
        .statement(
          `SELECT ${SUMMARY_COLUMNS}, r.text, c.cluster_id FROM reports r
           LEFT JOIN report_clusters c ON c.report_id = r.id WHERE r.id IN ${IDS}`,
        )
        .all(list) as Row[];
      const mentions = new Map<string, Mention[]>();
      for (const row of db
        .statement(
          `SELECT * FROM mentions WHERE report_id IN ${IDS} ORDER BY report_id, start_offset, kind, rowid`,
        )
        .all(list) as Row[]) {
        const id = row.report_id as string;
        mentions.set(id, [...(mentions.get(id) ?? []), toMention(row)]);
      }
      const byId = new Map<string, ReportWithMentions>(
        reports.map((row) => [
          row.id as string,
          {
            report: { ...toSummary(row), text: row.text as string },
            mentions: mentions.get(row.id as string) ?? [],
            clusterId: (row.cluster_id as string | null) ?? (row.id as string),
          },
        ]),
      );
      return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    },

    async reportsInCluster(clusterId) {
      return (
        db
          .statement(
            `SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN report_clusters c ON c.report_id = r.id
             WHERE c.cluster_id = ? ORDER BY r.ingested_at, r.id`,
          )
          .all(clusterId) as Row[]
      ).map(toSummary);
    },

    async reportsMentioning(query) {
      if (query.entities.length === 0) return { items: [], withheldReports: 0 };
      const { sql, params } = entityKeys(query.entities);
      const rank = tlpRank(query.clearance);
      const rows = db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS}, COUNT(*) AS n FROM mentions m JOIN reports r ON r.id = m.report_id
           WHERE ${sql} AND r.tlp_rank <= ?
           GROUP BY r.id ORDER BY n DESC, r.published DESC, r.id ${query.limit ? 'LIMIT ?' : ''}`,
        )
        .all(...params, rank, ...(query.limit ? [query.limit] : [])) as Row[];
      const withheld = db
        .prepare(
          `SELECT COUNT(DISTINCT m.report_id) AS n FROM mentions m JOIN reports r ON r.id = m.report_id
           WHERE ${sql} AND r.tlp_rank > ?`,
        )
        .get(...params, rank)!;
      return {
        items: rows.map((row) => ({ report: toSummary(row), mentions: Number(row.n) })),
        withheldReports: Number(withheld.n),
      };
    },

    async firstMentions(query) {
      if (query.entities.length === 0) return [];
      const { sql, params } = entityKeys(query.entities);
      const rows = db
        .prepare(
          `SELECT m.kind, m.canonical_key, MIN(r.ingested_at) AS first FROM mentions m
           JOIN reports r ON r.id = m.report_id
           WHERE ${sql} AND r.tlp_rank <= ? GROUP BY m.kind, m.canonical_key`,
        )
        .all(...params, tlpRank(query.clearance)) as Row[];
      const first = new Map(
        rows.map((row) => [`${row.kind}\u0000${row.canonical_key}`, row.first as string]),
      );
      return query.entities.flatMap((entity) => {
        const at = first.get(`${entity.kind}\u0000${aliasKey(entity.canonical)}`);
        return at ? [{ entity, firstIngestedAt: at }] : [];
      });
    },

    async claimsAbout(subjects, clearance) {
      const { items, withheldReports } = rowsAbout(db, 'claims', subjects, clearance);
      return {
        items: items.map((row) => ({
          ...toClaim(row),
          report: toSummary({ ...row, id: row.report_id }),
        })),
        withheldReports,
      };
    },

    async factsAbout(subjects, clearance) {
      const { items, withheldReports } = rowsAbout(db, 'facts', subjects, clearance);
      return {
        items: items.map((row) => ({
          ...toFact(row),
          kind: row.kind as Fact['kind'],
          report: toSummary({ ...row, id: row.report_id }),
        })),
        withheldReports,
      };
    },

    async knownEntities(kinds, clearance) {
      if (kinds.length === 0) return [];
      const visible = clearance
        ? 'AND m.report_id IN (SELECT id FROM reports WHERE tlp_rank <= ?)'
        : '';
      return (
        db
          .statement(
            `SELECT kind, MIN(canonical) AS canonical, COUNT(DISTINCT report_id) AS reports FROM mentions m
             WHERE kind IN ${IDS} ${visible}
             GROUP BY kind, canonical_key ORDER BY reports DESC, canonical`,
          )
          .all(JSON.stringify(kinds), ...(clearance ? [tlpRank(clearance)] : [])) as Row[]
      ).map((row) => ({
        kind: row.kind as EntityKind,
        canonical: row.canonical as string,
        reports: Number(row.reports),
      }));
    },

    async storyCandidates(query) {
      if (query.entities.length === 0 && !query.title) return [];
      const { sql, params } = entityKeys(query.entities);
      const before = query.before.id
        ? {
            sql: '(r.ingested_at < ? OR (r.ingested_at = ? AND r.id < ?))',
            params: [query.before.ingestedAt, query.before.ingestedAt, query.before.id],
          }
        : { sql: 'r.ingested_at <= ?', params: [query.before.ingestedAt] };
      // A report shares a story with earlier ones that name the same entities or carry the same title.
      return (
        db
          .prepare(
            `SELECT r.id, c.cluster_id FROM reports r JOIN report_clusters c ON c.report_id = r.id
             WHERE (EXISTS (SELECT 1 FROM mentions m WHERE m.report_id = r.id AND ${sql}) OR r.title = ?)
               AND ${before.sql}
               AND COALESCE(r.published, r.ingested_at) >= ? AND COALESCE(r.published, r.ingested_at) <= ?
               AND r.tlp_rank <= ?
             ORDER BY r.ingested_at DESC, r.id DESC LIMIT 50`,
          )
          .all(
            ...params,
            query.title ?? null,
            ...before.params,
            query.from,
            query.to,
            tlpRank(query.clearance ?? 'RED'),
          ) as Row[]
      ).map((row) => ({ reportId: row.id as string, clusterId: row.cluster_id as string }));
    },
  };
}
