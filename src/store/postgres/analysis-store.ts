/** @module AnalysisReadStore on PostgreSQL: the same queries as SQLite's, id lists as arrays, clearance in SQL, NULLs ordered as SQLite orders them. */
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
import type { PostgresDatabase } from './database.ts';

/** Matches mentions `m` against entities passed as two arrays ($1 keys, $2 kinds). */
const ENTITY_MATCH = '(m.canonical_key, m.kind) IN (SELECT * FROM unnest($1::text[], $2::text[]))';

function entityParams(entities: EntityRef[]): [string[], string[]] {
  return [entities.map((e) => aliasKey(e.canonical)), entities.map((e) => e.kind)];
}

async function rowsAbout(
  db: PostgresDatabase,
  table: 'claims' | 'facts',
  subjects: string[],
  clearance: Tlp,
): Promise<Withholding<Row>> {
  if (subjects.length === 0) return { items: [], withheldReports: 0 };
  const keys = [...new Set(subjects.map(aliasKey))];
  const about =
    table === 'claims'
      ? `(t.subject_key = ANY($1::text[]) OR (t.object_kind = 'actor' AND t.object_key = ANY($1::text[])))`
      : 't.subject_key = ANY($1::text[])';
  const rank = tlpRank(clearance);
  const [items, [withheld]] = await Promise.all([
    db.rows(
      `SELECT t.*, ${SUMMARY_COLUMNS} FROM ${table} t JOIN reports r ON r.id = t.report_id
       WHERE ${about} AND r.tlp_rank <= $2
       ORDER BY r.published NULLS FIRST, r.id, t.start_offset, t.id`,
      [keys, rank],
    ),
    db.rows(
      `SELECT COUNT(DISTINCT t.report_id) AS n FROM ${table} t JOIN reports r ON r.id = t.report_id
       WHERE ${about} AND r.tlp_rank > $2`,
      [keys, rank],
    ),
  ]);
  return { items, withheldReports: Number(withheld!.n) };
}

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

    async reportsWithMentions(ids) {
      if (ids.length === 0) return [];
      const [reports, mentionRows] = await Promise.all([
        db.rows(
          `SELECT ${SUMMARY_COLUMNS}, r.text, c.cluster_id FROM reports r
           LEFT JOIN report_clusters c ON c.report_id = r.id WHERE r.id = ANY($1::text[])`,
          [ids],
        ),
        db.rows(
          `SELECT * FROM mentions WHERE report_id = ANY($1::text[])
           ORDER BY report_id, start_offset, kind, id`,
          [ids],
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
      if (query.entities.length === 0) return { items: [], withheldReports: 0 };
      const params = [...entityParams(query.entities), tlpRank(query.clearance)];
      const [rows, [withheld]] = await Promise.all([
        db.rows(
          `SELECT ${SUMMARY_COLUMNS}, COUNT(*) AS n FROM mentions m JOIN reports r ON r.id = m.report_id
           WHERE ${ENTITY_MATCH} AND r.tlp_rank <= $3
           GROUP BY r.id ORDER BY n DESC, r.published DESC NULLS LAST, r.id LIMIT $4`,
          [...params, query.limit ?? null],
        ),
        db.rows(
          `SELECT COUNT(DISTINCT m.report_id) AS n FROM mentions m JOIN reports r ON r.id = m.report_id
           WHERE ${ENTITY_MATCH} AND r.tlp_rank > $3`,
          params,
        ),
      ]);
      return {
        items: rows.map((row) => ({ report: toSummary(row), mentions: Number(row.n) })),
        withheldReports: Number(withheld!.n),
      };
    },

    async firstMentions(query) {
      if (query.entities.length === 0) return [];
      const rows = await db.rows(
        `SELECT m.kind, m.canonical_key, MIN(r.ingested_at) AS first FROM mentions m
         JOIN reports r ON r.id = m.report_id
         WHERE ${ENTITY_MATCH} AND r.tlp_rank <= $3 GROUP BY m.kind, m.canonical_key`,
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

    async claimsAbout(subjects, clearance) {
      const { items, withheldReports } = await rowsAbout(db, 'claims', subjects, clearance);
      return {
        items: items.map((row) => ({
          ...toClaim(row),
          report: toSummary({ ...row, id: row.report_id }),
        })),
        withheldReports,
      };
    },

    async factsAbout(subjects, clearance) {
      const { items, withheldReports } = await rowsAbout(db, 'facts', subjects, clearance);
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
        ? 'AND m.report_id IN (SELECT id FROM reports WHERE tlp_rank <= $2)'
        : '';
      return (
        await db.rows(
          `SELECT kind, MIN(canonical) AS canonical, COUNT(DISTINCT report_id) AS reports FROM mentions m
           WHERE kind = ANY($1::text[]) ${visible}
           GROUP BY kind, canonical_key ORDER BY reports DESC, canonical`,
          clearance ? [kinds, tlpRank(clearance)] : [kinds],
        )
      ).map((row) => ({
        kind: row.kind as EntityKind,
        canonical: row.canonical as string,
        reports: Number(row.reports),
      }));
    },

    async storyCandidates(query) {
      if (query.entities.length === 0 && !query.title) return [];
      const params: unknown[] = [
        ...entityParams(query.entities),
        query.title ?? null,
        query.from,
        query.to,
        query.before.ingestedAt,
        tlpRank(query.clearance ?? 'RED'),
      ];
      let before = 'r.ingested_at <= $6';
      if (query.before.id) {
        params.push(query.before.id);
        before = '(r.ingested_at < $6 OR (r.ingested_at = $6 AND r.id < $8))';
      }
      // A report shares a story with earlier ones that name the same entities or carry the same title.
      return (
        await db.rows(
          `SELECT r.id, c.cluster_id FROM reports r JOIN report_clusters c ON c.report_id = r.id
           WHERE (EXISTS (SELECT 1 FROM mentions m WHERE m.report_id = r.id AND ${ENTITY_MATCH})
                  OR r.title = $3)
             AND ${before}
             AND COALESCE(r.published, r.ingested_at) >= $4 AND COALESCE(r.published, r.ingested_at) <= $5
             AND r.tlp_rank <= $7
           ORDER BY r.ingested_at DESC, r.id DESC LIMIT 50`,
          params,
        )
      ).map((row) => ({ reportId: row.id as string, clusterId: row.cluster_id as string }));
    },
  };
}
