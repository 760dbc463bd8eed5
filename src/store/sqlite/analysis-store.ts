/** @module AnalysisReadStore on SQLite: mentions, claims, facts and clusters, read in batches, clearance applied in SQL. */
import type { SQLInputValue } from 'node:sqlite';
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import type { EntityKind, Fact, Mention } from '../../core/model/analysis.ts';
import type { ReportSummary } from '../../core/model/report.ts';
import { type Tlp, tlpRank } from '../../core/model/tlp.ts';
import type {
  AnalysisReadStore,
  EntityRef,
  ReportWithMentions,
  Withholding,
} from '../../core/ports/analysis-store.ts';
import {
  type Row,
  reportSummaries,
  SUMMARY_COLUMNS,
  storyKeys,
  toClaim,
  toFact,
  toMention,
  toSummary,
} from '../rows.ts';
import type { SqliteDatabase } from './database.ts';

/** An id list as one parameter (a JSON array read by json_each): no limit on its length, one cached statement. */
const IDS = '(SELECT value FROM json_each(?))';

/**
 * Matches mentions of any of `entities`. The pairs travel as one JSON parameter: one OR clause per
 * entity made a report naming 500+ entities exceed SQLite's expression depth limit (1000).
 */
function entityKeys(entities: EntityRef[], alias = 'm'): { sql: string; params: SQLInputValue[] } {
  if (entities.length === 0) return { sql: '0', params: [] };
  return {
    sql: `(${alias}.canonical_key, ${alias}.kind) IN (SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) j)`,
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
  within: { reportIds?: string[]; kinds?: string[]; ingestedBefore?: string } = {},
): Withholding<{ row: Row; report: ReportSummary }> {
  if (subjects.length === 0) return { items: [], withheldReports: 0 };
  const keys = JSON.stringify([...new Set(subjects.map(aliasKey))]);
  // Within given reports, the rows are found by report and the subjects checked on each (the
  // unary + keeps SQLite off the subject index): probing every subject for every report costs
  // subjects x reports lookups, a few million for a day of 10,000 reports.
  const subject = within.reportIds ? '+t.subject_key' : 't.subject_key';
  const about =
    table === 'claims'
      ? `(${subject} IN ${IDS} OR (t.object_kind = 'actor' AND t.object_key IN ${IDS}))`
      : `${subject} IN ${IDS}`;
  const params: SQLInputValue[] = table === 'claims' ? [keys, keys] : [keys];
  const narrow: string[] = [];
  if (within.reportIds) {
    narrow.push(`t.report_id IN ${IDS}`);
    params.push(JSON.stringify(within.reportIds));
  }
  if (within.kinds) {
    narrow.push(`t.kind IN ${IDS}`);
    params.push(JSON.stringify(within.kinds));
  }
  if (within.ingestedBefore) {
    narrow.push('r.ingested_at < ?');
    params.push(within.ingestedBefore);
  }
  const where = [about, ...narrow].join(' AND ');
  const rank = tlpRank(clearance);
  // The rows are sorted without their reports' columns (a day's briefing reads 100,000 facts
  // of 10,000 reports); each report's summary is read once, after.
  const items = db
    .statement(
      `SELECT t.* FROM ${table} t JOIN reports r ON r.id = t.report_id
       WHERE ${where} AND r.tlp_rank <= ?
       ORDER BY r.published, r.id, t.start_offset, t.id`,
    )
    .all(...params, rank) as Row[];
  const reportIds = [...new Set(items.map((row) => row.report_id as string))];
  const summaries = new Map(
    (
      db
        .statement(`SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE r.id IN ${IDS}`)
        .all(JSON.stringify(reportIds)) as Row[]
    ).map((row) => [row.id as string, toSummary(row)]),
  );
  // Nothing sits above RED: a destination cleared for it has nothing held back to count.
  const withheld =
    rank >= tlpRank('RED')
      ? 0
      : Number(
          db
            .statement(
              `SELECT COUNT(DISTINCT t.report_id) AS n FROM ${table} t JOIN reports r ON r.id = t.report_id
               WHERE ${where} AND r.tlp_rank > ?`,
            )
            .get(...params, rank)!.n,
        );
  return {
    items: items.map((row) => ({ row, report: summaries.get(row.report_id as string)! })),
    withheldReports: withheld,
  };
}

/** ORDER BY of entity index rows for each order reportsMentioning offers. */
const MENTION_ORDER = {
  mentions: 'n DESC, published DESC, e.report_id',
  newest: 'at DESC, e.report_id DESC',
  oldest: 'at, e.report_id',
} as const;

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

    async reportsWithMentions(ids, options = {}) {
      if (ids.length === 0) return [];
      const list = JSON.stringify(ids);
      // A text left out is never loaded: it is the row's last column, mostly in overflow pages.
      const reports = db
        .statement(
          `SELECT ${SUMMARY_COLUMNS}, CASE WHEN r.id IN ${IDS} THEN '' ELSE r.text END AS text,
             c.cluster_id
           FROM reports r LEFT JOIN report_clusters c ON c.report_id = r.id WHERE r.id IN ${IDS}`,
        )
        .all(JSON.stringify(options.withoutText ?? []), list) as Row[];
      const mentions = new Map<string, Mention[]>();
      for (const row of db
        .statement(
          `SELECT report_id, kind, canonical, surface, start_offset, end_offset FROM mentions
           WHERE report_id IN ${IDS} AND kind NOT IN ${IDS}
           ORDER BY report_id, start_offset, kind, rowid`,
        )
        .all(list, JSON.stringify(options.except ?? [])) as Row[]) {
        const id = row.report_id as string;
        const known = mentions.get(id);
        if (known) known.push(toMention(row));
        else mentions.set(id, [toMention(row)]);
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

    async entitiesIn(reportIds, kinds) {
      if (reportIds.length === 0 || kinds.length === 0) return [];
      return (
        db
          .statement(
            // By the report index (the unary + keeps SQLite from reading every row of a kind),
            // ordered by entity, then report.
            `SELECT report_id, kind, canonical FROM entity_reports e
             WHERE e.report_id IN ${IDS} AND +e.kind IN ${IDS}
             ORDER BY e.kind, e.canonical_key, e.report_id`,
          )
          .all(JSON.stringify(reportIds), JSON.stringify(kinds)) as Row[]
      ).map((row) => ({
        reportId: row.report_id as string,
        kind: row.kind as EntityKind,
        canonical: row.canonical as string,
      }));
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
      if (query.entities.length === 0) return { items: [], withheldReports: 0, matched: 0 };
      const { sql, params } = entityKeys(query.entities, 'e');
      const rank = tlpRank(query.clearance);
      const order = MENTION_ORDER[query.order ?? 'mentions'];
      // Ranked and cut on the entity index; only the reports kept are read.
      const rows = db
        .statement(
          `SELECT ${SUMMARY_COLUMNS}, e.n FROM (
             SELECT e.report_id, SUM(e.mentions) AS n, MAX(e.published) AS published,
               MAX(COALESCE(e.published, e.ingested_at)) AS at
             FROM entity_reports e
             WHERE ${sql} AND e.tlp_rank <= ?
             GROUP BY e.report_id ORDER BY ${order} ${query.limit ? 'LIMIT ?' : ''}
           ) e JOIN reports r ON r.id = e.report_id
           ORDER BY ${order.replace('published', 'r.published')}`,
        )
        .all(...params, rank, ...(query.limit ? [query.limit] : [])) as Row[];
      const counts =
        query.counted === false
          ? { matched: 0, withheld: 0 }
          : db
              .statement(
                `SELECT COUNT(DISTINCT CASE WHEN e.tlp_rank <= ? THEN e.report_id END) AS matched,
                   COUNT(DISTINCT CASE WHEN e.tlp_rank > ? THEN e.report_id END) AS withheld
                 FROM entity_reports e WHERE ${sql}`,
              )
              .get(rank, rank, ...params)!;
      return {
        items: rows.map((row) => ({ report: toSummary(row), mentions: Number(row.n) })),
        withheldReports: Number(counts.withheld),
        matched: Number(counts.matched),
      };
    },

    async firstMentions(query) {
      if (query.entities.length === 0) return [];
      const { sql, params } = entityKeys(query.entities, 'e');
      const rows = db
        .statement(
          `SELECT e.kind, e.canonical_key, MIN(e.ingested_at) AS first FROM entity_reports e
           WHERE ${sql} AND e.tlp_rank <= ? GROUP BY e.kind, e.canonical_key`,
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

    async claimsAbout(subjects, clearance, within) {
      const { items, withheldReports } = rowsAbout(db, 'claims', subjects, clearance, within);
      return {
        items: items.map(({ row, report }) => ({ ...toClaim(row), report })),
        withheldReports,
      };
    },

    async attributionClaimsOf(subjects, clearance, perSubject) {
      const summaryOf = reportSummaries();
      if (subjects.length === 0) return [];
      const rows = db
        .statement(
          `SELECT * FROM (
             SELECT t.*, r.id AS rid, r.content_hash, r.title, r.url, r.publisher, r.author,
               r.published, r.ingested_at, r.tlp, r.reliability, r.source_kind, r.ai_generated,
               r.origin,
               ROW_NUMBER() OVER (PARTITION BY t.subject_key
                 ORDER BY r.published DESC, r.id DESC, t.start_offset DESC, t.id DESC) AS nth
             FROM claims t JOIN reports r ON r.id = t.report_id
             WHERE t.subject_key IN ${IDS} AND t.object_kind <> 'actor' AND r.tlp_rank <= ?
           ) WHERE nth <= ? ORDER BY published, rid, start_offset, id`,
        )
        .all(
          JSON.stringify([...new Set(subjects.map(aliasKey))]),
          tlpRank(clearance),
          perSubject,
        ) as Row[];
      return rows.map((row) => ({
        ...toClaim(row),
        report: summaryOf(row),
      }));
    },

    async factsStatedBefore(query) {
      if (query.facts.length === 0) return [];
      const probe = query.facts.map((f) => [aliasKey(f.subject), f.kind, f.value.toLowerCase()]);
      const stated = db
        .statement(
          `SELECT j.key AS i FROM json_each(?) j WHERE EXISTS (
             SELECT 1 FROM facts t JOIN reports r ON r.id = t.report_id
             WHERE t.subject_key = j.value ->> 0 AND t.kind = j.value ->> 1
               AND lower(t.value) = lower(j.value ->> 2)
               AND r.ingested_at < ? AND r.tlp_rank <= ?)`,
        )
        .all(JSON.stringify(probe), query.before, tlpRank(query.clearance)) as Row[];
      return stated.map((row) => query.facts[Number(row.i)]!);
    },

    async factsAbout(subjects, clearance, within) {
      const { items, withheldReports } = rowsAbout(db, 'facts', subjects, clearance, within);
      return {
        items: items.map(({ row, report }) => ({
          ...toFact(row),
          kind: row.kind as Fact['kind'],
          report,
        })),
        withheldReports,
      };
    },

    async knownEntities(kinds, clearance) {
      if (kinds.length === 0) return [];
      // Report counts per entity and label, kept at ingest: as many rows as distinct names.
      return (
        db
          .statement(
            `SELECT kind, MIN(canonical) AS canonical, SUM(reports) AS reports FROM entity_counts
             WHERE kind IN ${IDS} ${clearance ? 'AND tlp_rank <= ?' : ''}
             GROUP BY kind, canonical_key ORDER BY reports DESC, canonical, kind`,
          )
          .all(JSON.stringify(kinds), ...(clearance ? [tlpRank(clearance)] : [])) as Row[]
      ).map((row) => ({
        kind: row.kind as EntityKind,
        canonical: row.canonical as string,
        reports: Number(row.reports),
      }));
    },

    async storyCandidates(query) {
      const keys = storyKeys(query);
      if (keys.length === 0) return [];
      const before = query.before.id
        ? {
            sql: '(k.ingested_at < ? OR (k.ingested_at = ? AND k.report_id < ?))',
            params: [query.before.ingestedAt, query.before.ingestedAt, query.before.id],
          }
        : { sql: 'k.ingested_at <= ?', params: [query.before.ingestedAt] };
      // A report shares a story with earlier ones that name the same entities or carry the same
      // title: a range scan of each key's rows within the window, the newest 50 reports kept.
      return (
        db
          .statement(
            `SELECT k.report_id AS id, c.cluster_id FROM (
               SELECT DISTINCT k.report_id, k.ingested_at FROM story_keys k
               JOIN reports r ON r.id = k.report_id
               WHERE k.key IN ${IDS} AND k.event_at >= ? AND k.event_at <= ? AND ${before.sql}
                 AND r.tlp_rank <= ?
               ORDER BY k.ingested_at DESC, k.report_id DESC LIMIT 50
             ) k JOIN report_clusters c ON c.report_id = k.report_id
             ORDER BY k.ingested_at DESC, k.report_id DESC`,
          )
          .all(
            JSON.stringify(keys),
            query.from,
            query.to,
            ...before.params,
            tlpRank(query.clearance ?? 'RED'),
          ) as Row[]
      ).map((row) => ({ reportId: row.id as string, clusterId: row.cluster_id as string }));
    },
  };
}
