/** @module Writing and reading analysis rows (mentions, claims, facts, clusters) in SQLite. */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import type { ReportAnalysis } from '../../core/model/analysis.ts';
import { type Tlp, tlpRank } from '../../core/model/tlp.ts';
import type { EntityRef, Withholding } from '../../core/ports/analysis-store.ts';
import { type Row, SUMMARY_COLUMNS } from './rows.ts';

export function writeAnalysis(db: DatabaseSync, reportId: string, analysis: ReportAnalysis): void {
  const mention = db.prepare(
    `INSERT INTO mentions (report_id, kind, canonical, canonical_key, surface, start_offset, end_offset)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const m of analysis.mentions) {
    mention.run(reportId, m.kind, m.canonical, aliasKey(m.canonical), m.surface, m.start, m.end);
  }
  const claim = db.prepare(
    `INSERT INTO claims (report_id, subject, subject_key, relation, object, object_key, object_kind, country,
       strength, stated_confidence, stance, originator, cues, start_offset, end_offset, quote)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const c of analysis.claims) {
    claim.run(
      reportId,
      c.subject,
      aliasKey(c.subject),
      c.relation,
      c.object,
      aliasKey(c.object),
      c.objectKind,
      c.country,
      c.strength,
      c.statedConfidence,
      c.stance,
      c.originator,
      JSON.stringify(c.cues),
      c.start,
      c.end,
      c.quote,
    );
  }
  const fact = db.prepare(
    `INSERT INTO facts (report_id, subject, subject_key, kind, value, originator, start_offset, end_offset, quote)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of analysis.facts) {
    fact.run(
      reportId,
      f.subject,
      aliasKey(f.subject),
      f.kind,
      f.value,
      f.originator,
      f.start,
      f.end,
      f.quote,
    );
  }
}

export function deleteAnalysis(db: DatabaseSync, reportId: string): void {
  for (const table of ['mentions', 'claims', 'facts']) {
    db.prepare(`DELETE FROM ${table} WHERE report_id = ?`).run(reportId);
  }
}

export function setCluster(db: DatabaseSync, reportId: string, clusterId: string): void {
  db.prepare(
    `INSERT INTO report_clusters (report_id, cluster_id) VALUES (?, ?)
     ON CONFLICT (report_id) DO UPDATE SET cluster_id = excluded.cluster_id`,
  ).run(reportId, clusterId);
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/**
 * Rows of `table` (claims or facts) about any of `subjects`, split by clearance. A claim linking
 * two actors is about both of them, so claims also match on an actor object.
 */
export function rowsAbout(
  db: DatabaseSync,
  table: 'claims' | 'facts',
  subjects: string[],
  clearance: Tlp,
): Withholding<Row> {
  const keys = [...new Set(subjects.map(aliasKey))];
  if (keys.length === 0) return { items: [], withheldReports: 0 };
  const rows = db
    .prepare(
      `SELECT t.*, ${SUMMARY_COLUMNS}, r.tlp_rank FROM ${table} t JOIN reports r ON r.id = t.report_id
       WHERE t.subject_key IN (${placeholders(keys.length)})
         ${table === 'claims' ? `OR (t.object_kind = 'actor' AND t.object_key IN (${placeholders(keys.length)}))` : ''}
       ORDER BY r.published, r.id, t.start_offset`,
    )
    .all(...keys, ...(table === 'claims' ? keys : [])) as Row[];
  const rank = tlpRank(clearance);
  const visible = rows.filter((r) => Number(r.tlp_rank) <= rank);
  const withheld = new Set(rows.filter((r) => Number(r.tlp_rank) > rank).map((r) => r.report_id));
  return { items: visible, withheldReports: withheld.size };
}

export function entityKeys(entities: EntityRef[]): { sql: string; params: SQLInputValue[] } {
  const clauses = entities.map(() => '(m.canonical_key = ? AND m.kind = ?)');
  return {
    sql: clauses.length ? clauses.join(' OR ') : '0',
    params: entities.flatMap((e) => [aliasKey(e.canonical), e.kind]),
  };
}
