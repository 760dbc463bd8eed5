/** @module AnalysisReadStore on PostgreSQL: the same queries as SQLite's, id lists as arrays, clearance in SQL, NULLs ordered as SQLite orders them. */
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
import type { PostgresDatabase } from './database.ts';
import { TOP_RANK } from './report-store.ts';

/** Matches entity index rows `e` against entities passed as two arrays ($1 keys, $2 kinds). */
const ENTITY_MATCH = '(e.canonical_key, e.kind) IN (SELECT * FROM unnest($1::text[], $2::text[]))';

function entityParams(entities: EntityRef[]): [string[], string[]] {
  return [entities.map((e) => aliasKey(e.canonical)), entities.map((e) => e.kind)];
}

/** Rows of claims or facts, and the summary of each visible report they come from. */
interface RowsAbout extends Withholding<Row> {
  reports: Map<string, ReportSummary>;
}

/**
 * Claims or facts about `subjects` in the reports `clearance` may see, and how many reports above
 * it hold some. The rows carry no report columns (an actor's facts are a thousand rows from a few
 * dozen reports): the reports they come from are read once each, by a second statement run
 * alongside, which also tells which of them are held back.
 */
async function rowsAbout(
  db: PostgresDatabase,
  table: 'claims' | 'facts',
  subjects: string[],
  clearance: Tlp,
  within: { reportIds?: string[]; kinds?: string[]; ingestedBefore?: string } = {},
): Promise<RowsAbout> {
  if (subjects.length === 0) return { items: [], withheldReports: 0, reports: new Map() };
  const keys = [...new Set(subjects.map(aliasKey))];
  const params: unknown[] = [keys];
  const param = (value: unknown) => `$${params.push(value)}`;
  // What the rows must be (`t`), and what their reports must be (`r`).
  const rowWhere = [
    table === 'claims'
      ? `(t.subject_key = ANY($1::text[]) OR (t.object_kind = 'actor' AND t.object_key = ANY($1::text[])))`
      : 't.subject_key = ANY($1::text[])',
  ];
  const reportWhere: string[] = [];
  if (within.reportIds) {
    // The ids on the reports side too: those reports are read by key, not all of them hashed.
    const ids = param(within.reportIds);
    rowWhere.push(`t.report_id = ANY(${ids}::text[])`);
    reportWhere.push(`r.id = ANY(${ids}::text[])`);
  }
  if (within.kinds) rowWhere.push(`t.kind = ANY(${param(within.kinds)}::text[])`);
  if (within.ingestedBefore) reportWhere.push(`r.ingested_at < ${param(within.ingestedBefore)}`);
  const rank = tlpRank(clearance);
  const itemParams = [...params];
  // Nothing sits above the highest label: every row is visible.
  const visible =
    rank >= TOP_RANK ? reportWhere : [...reportWhere, `r.tlp_rank <= $${itemParams.push(rank)}`];
  const [items, reportRows] = await Promise.all([
    db.rows(
      `SELECT t.* FROM ${table} t JOIN reports r ON r.id = t.report_id
       WHERE ${[...rowWhere, ...visible].join(' AND ')}
       ORDER BY r.published NULLS FIRST, r.id, t.start_offset, t.id`,
      itemParams,
    ),
    db.rows(
      `SELECT ${SUMMARY_COLUMNS}, r.tlp_rank FROM reports r
       WHERE r.id IN (SELECT t.report_id FROM ${table} t WHERE ${rowWhere.join(' AND ')})
       ${reportWhere.map((w) => `AND ${w}`).join(' ')}`,
      params,
    ),
  ]);
  const reports = new Map<string, ReportSummary>();
  let withheldReports = 0;
  for (const row of reportRows) {
    if (Number(row.tlp_rank) > rank) withheldReports++;
    else reports.set(row.id as string, toSummary(row));
  }
  // The two statements see the store at moments a write may fall between: a report whose rows
  // were read but not its summary is read now, and its rows are dropped if it is no longer visible.
  const missing = [...new Set(items.map((row) => row.report_id as string))].filter(
    (id) => !reports.has(id),
  );
  if (missing.length === 0) return { items, withheldReports, reports };
  for (const row of await db.rows(
    `SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE r.id = ANY($1::text[]) AND r.tlp_rank <= $2`,
    [missing, rank],
  ))
    reports.set(row.id as string, toSummary(row));
  return {
    items: items.filter((row) => reports.has(row.report_id as string)),
    withheldReports,
    reports,
  };
}

/** ORDER BY of entity index rows for each order reportsMentioning offers (NULLs as SQLite orders them). */
const MENTION_ORDER = {
  mentions: 'n DESC, published DESC NULLS LAST, e.report_id',
  newest: 'at DESC, e.report_id DESC',
  oldest: 'at, e.report_id',
} as const;

export function postgresAnalysisReadStore(db: PostgresDatabase): AnalysisReadStore {
  return {
    async mentionsOf(reportId) {
      return (
        await db.rows(
          'SELECT * FROM mentions WHERE report_id = $1 ORDER BY start_offset, kind, id',
          [reportId],
        )
      ).map(toMention);
    },

    async claimsOf(reportId) {
      return (
        await db.rows('SELECT * FROM claims WHERE report_id = $1 ORDER BY start_offset, id', [
          reportId,
        ])
      ).map(toClaim);
    },

    async factsOf(reportId) {
      return (
        await db.rows('SELECT * FROM facts WHERE report_id = $1 ORDER BY start_offset, id', [
          reportId,
        ])
      ).map(toFact);
    },

    async clusterOf(reportId) {
      const [row] = await db.rows('SELECT cluster_id FROM report_clusters WHERE report_id = $1', [
        reportId,
      ]);
      return row ? (row.cluster_id as string) : undefined;
    },

    async reportsWithMentions(ids, options = {}) {
      if (ids.length === 0) return [];
      const [reports, mentionRows] = await Promise.all([
        db.rows(
          `SELECT ${SUMMARY_COLUMNS}, CASE WHEN r.id = ANY($2::text[]) THEN '' ELSE r.text END AS text,
             c.cluster_id
           FROM reports r LEFT JOIN report_clusters c ON c.report_id = r.id
           WHERE r.id = ANY($1::text[])`,
          [ids, options.withoutText ?? []],
        ),
        db.rows(
          `SELECT report_id, kind, canonical, surface, start_offset, end_offset FROM mentions
           WHERE report_id = ANY($1::text[]) AND kind <> ALL($2::text[])
           ORDER BY report_id, start_offset, kind, id`,
          [ids, options.except ?? []],
        ),
      ]);
      const mentions = new Map<string, Mention[]>();
      for (const row of mentionRows) {
        const id = row.report_id as string;
        const list = mentions.get(id) ?? [];
        list.push(toMention(row));
        mentions.set(id, list);
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
        await db.rows(
          `SELECT report_id, kind, canonical FROM entity_reports
           WHERE report_id = ANY($1::text[]) AND kind = ANY($2::text[])
           ORDER BY kind, canonical_key, report_id`,
          [reportIds, kinds],
        )
      ).map((row) => ({
        reportId: row.report_id as string,
        kind: row.kind as EntityKind,
        canonical: row.canonical as string,
      }));
    },

    async reportsInCluster(clusterId) {
      return (
        await db.rows(
          `SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN report_clusters c ON c.report_id = r.id
           WHERE c.cluster_id = $1 ORDER BY r.ingested_at, r.id`,
          [clusterId],
        )
      ).map(toSummary);
    },

    async reportsMentioning(query) {
      if (query.entities.length === 0) return { items: [], withheldReports: 0, matched: 0 };
      const params = [
        ...entityParams(query.entities),
        tlpRank(query.clearance),
        query.limit ?? null,
      ];
      const order = MENTION_ORDER[query.order ?? 'mentions'];
      // The visible reports among index rows `e`, ranked and cut.
      const ranked = (
        from: string,
        ...where: string[]
      ) => `SELECT e.report_id, SUM(e.mentions) AS n,
          MAX(e.published) AS published, MAX(COALESCE(e.published, e.ingested_at)) AS at
        FROM ${from} WHERE ${[...where, 'e.tlp_rank <= $3'].join(' AND ')}
        GROUP BY e.report_id ORDER BY ${order} LIMIT $4`;
      const reportOrder = order.replace('published', 'r.published');
      // Ranked and cut on the entity index; only the reports kept are read.
      if (query.counted === false) {
        const rows = await db.rows(
          `SELECT ${SUMMARY_COLUMNS}, e.n
           FROM (${ranked('entity_reports e', ENTITY_MATCH)}) e
           JOIN reports r ON r.id = e.report_id
           ORDER BY ${reportOrder}`,
          params,
        );
        return {
          items: rows.map((row) => ({ report: toSummary(row), mentions: Number(row.n) })),
          withheldReports: 0,
          matched: 0,
        };
      }
      // Counted from the same index rows, in the same statement: one row even when none is kept.
      const rows = await db.rows(
        `WITH e AS MATERIALIZED (
           SELECT e.report_id, e.mentions, e.published, e.ingested_at, e.tlp_rank
           FROM entity_reports e WHERE ${ENTITY_MATCH}
         )
         SELECT ${SUMMARY_COLUMNS}, e.n, c.matched, c.withheld
         FROM (SELECT COUNT(DISTINCT CASE WHEN e.tlp_rank <= $3 THEN e.report_id END) AS matched,
             COUNT(DISTINCT CASE WHEN e.tlp_rank > $3 THEN e.report_id END) AS withheld
           FROM e) c
         LEFT JOIN (${ranked('e')}) e ON true
         LEFT JOIN reports r ON r.id = e.report_id
         ORDER BY ${reportOrder}`,
        params,
      );
      return {
        items: rows
          .filter((row) => row.id !== null)
          .map((row) => ({ report: toSummary(row), mentions: Number(row.n) })),
        withheldReports: Number(rows[0]!.withheld),
        matched: Number(rows[0]!.matched),
      };
    },

    async firstMentions(query) {
      if (query.entities.length === 0) return [];
      const rows = await db.rows(
        `SELECT e.kind, e.canonical_key, MIN(e.ingested_at) AS first FROM entity_reports e
         WHERE ${ENTITY_MATCH} AND e.tlp_rank <= $3 GROUP BY e.kind, e.canonical_key`,
        [...entityParams(query.entities), tlpRank(query.clearance)],
      );
      const first = new Map(
        rows.map((row) => [`${row.kind}\u0000${row.canonical_key}`, row.first as string]),
      );
      return query.entities.flatMap((entity) => {
        const at = first.get(`${entity.kind}\u0000${aliasKey(entity.canonical)}`);
        return at ? [{ entity, firstIngestedAt: at }] : [];
      });
    },

    async claimsAbout(subjects, clearance, within) {
      const { items, withheldReports, reports } = await rowsAbout(
        db,
        'claims',
        subjects,
        clearance,
        within,
      );
      return {
        items: items.map((row) => ({
          ...toClaim(row),
          report: reports.get(row.report_id as string)!,
        })),
        withheldReports,
      };
    },

    async attributionClaimsOf(subjects, clearance, perSubject) {
      const summaryOf = reportSummaries();
      if (subjects.length === 0) return [];
      const rows = await db.rows(
        `SELECT * FROM (
           SELECT t.*, r.id AS rid, r.content_hash, r.title, r.url, r.publisher, r.author,
             r.published, r.ingested_at, r.tlp, r.reliability, r.source_kind, r.ai_generated,
             r.origin,
             ROW_NUMBER() OVER (PARTITION BY t.subject_key
               ORDER BY r.published DESC NULLS LAST, r.id DESC, t.start_offset DESC, t.id DESC) AS nth
           FROM claims t JOIN reports r ON r.id = t.report_id
           WHERE t.subject_key = ANY($1::text[]) AND t.object_kind <> 'actor' AND r.tlp_rank <= $2
         ) c WHERE nth <= $3 ORDER BY published NULLS FIRST, rid, start_offset, id`,
        [[...new Set(subjects.map(aliasKey))], tlpRank(clearance), perSubject],
      );
      return rows.map((row) => ({
        ...toClaim(row),
        report: summaryOf(row),
      }));
    },

    async factsStatedBefore(query) {
      if (query.facts.length === 0) return [];
      const stated = await db.rows(
        `SELECT p.i FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY
           AS p(subject_key, kind, value, i)
         WHERE EXISTS (
           SELECT 1 FROM facts t JOIN reports r ON r.id = t.report_id
           WHERE t.subject_key = p.subject_key AND t.kind = p.kind
             AND lower(t.value) = lower(p.value)
             AND r.ingested_at < $4 AND r.tlp_rank <= $5)`,
        [
          query.facts.map((f) => aliasKey(f.subject)),
          query.facts.map((f) => f.kind),
          query.facts.map((f) => f.value.toLowerCase()),
          query.before,
          tlpRank(query.clearance),
        ],
      );
      return stated.map((row) => query.facts[Number(row.i) - 1]!);
    },

    async factsAbout(subjects, clearance, within) {
      const { items, withheldReports, reports } = await rowsAbout(
        db,
        'facts',
        subjects,
        clearance,
        within,
      );
      return {
        items: items.map((row) => ({
          ...toFact(row),
          kind: row.kind as Fact['kind'],
          report: reports.get(row.report_id as string)!,
        })),
        withheldReports,
      };
    },

    async knownEntities(kinds, clearance) {
      if (kinds.length === 0) return [];
      // Report counts per entity and label, kept at ingest: as many rows as distinct names.
      return (
        await db.rows(
          `SELECT kind, MIN(canonical) AS canonical, SUM(reports) AS reports FROM entity_counts
           WHERE kind = ANY($1::text[]) ${clearance ? 'AND tlp_rank <= $2' : ''}
           GROUP BY kind, canonical_key ORDER BY reports DESC, canonical, kind`,
          clearance ? [kinds, tlpRank(clearance)] : [kinds],
        )
      ).map((row) => ({
        kind: row.kind as EntityKind,
        canonical: row.canonical as string,
        reports: Number(row.reports),
      }));
    },

    async storyCandidates(query) {
      const keys = storyKeys(query);
      if (keys.length === 0) return [];
      const params: unknown[] = [
        keys,
        query.from,
        query.to,
        query.before.ingestedAt,
        tlpRank(query.clearance ?? 'RED'),
      ];
      let before = 'k.ingested_at <= $4';
      if (query.before.id) {
        params.push(query.before.id);
        before = '(k.ingested_at < $4 OR (k.ingested_at = $4 AND k.report_id < $6))';
      }
      // A report shares a story with earlier ones that name the same entities or carry the same
      // title: a range scan of each key's rows within the window, the newest 50 reports kept.
      return (
        await db.rows(
          `SELECT k.report_id AS id, c.cluster_id FROM (
             SELECT DISTINCT k.report_id, k.ingested_at FROM story_keys k
             JOIN reports r ON r.id = k.report_id
             WHERE k.key = ANY($1::text[]) AND k.event_at >= $2 AND k.event_at <= $3 AND ${before}
               AND r.tlp_rank <= $5
             ORDER BY k.ingested_at DESC, k.report_id DESC LIMIT 50
           ) k JOIN report_clusters c ON c.report_id = k.report_id
           ORDER BY k.ingested_at DESC, k.report_id DESC`,
          params,
        )
      ).map((row) => ({ reportId: row.id as string, clusterId: row.cluster_id as string }));
    },
  };
}
