/** @module AnalysisWriteStore on SQLite, and the analysis rows (mentions, claims, facts, cluster) addReport writes with a report. */
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import type { ReportAnalysis } from '../../core/model/analysis.ts';
import type { AnalysisWriteStore } from '../../core/ports/analysis-write-store.ts';
import type { SqliteDatabase } from './database.ts';

/** Inserts a report's analysis rows; the caller holds the transaction. */
export function writeAnalysis(
  db: SqliteDatabase,
  reportId: string,
  analysis: ReportAnalysis,
): void {
  const mention = db.statement(
    `INSERT INTO mentions (report_id, kind, canonical, canonical_key, surface, start_offset, end_offset)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const m of analysis.mentions) {
    mention.run(reportId, m.kind, m.canonical, aliasKey(m.canonical), m.surface, m.start, m.end);
  }
  indexEntities(db, reportId);
  const claim = db.statement(
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
  const fact = db.statement(
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

/**
 * Fills the entity index (each name once per report, with its count and the report's label and
 * dates) and the story keys of actors, malware and CVEs from the mentions of one report, or of
 * every report when none is given (a copied database). Deleting mentions updates both by trigger.
 */
export function indexEntities(db: SqliteDatabase, reportId?: string): void {
  const one = reportId !== undefined;
  const params = one ? [reportId] : [];
  db.statement(
    `INSERT INTO entity_reports (kind, canonical_key, report_id, canonical, mentions, tlp_rank, published, ingested_at)
     SELECT m.kind, m.canonical_key, m.report_id, MIN(m.canonical), COUNT(*), r.tlp_rank, r.published, r.ingested_at
     FROM mentions m JOIN reports r ON r.id = m.report_id
     ${one ? 'WHERE m.report_id = ?' : ''} GROUP BY m.report_id, m.kind, m.canonical_key`,
  ).run(...params);
  // The unary + keeps one report's lookup on the report index, not on every actor's rows.
  db.statement(
    `INSERT OR IGNORE INTO story_keys (key, event_at, ingested_at, report_id)
     SELECT e.kind || ':' || e.canonical_key, COALESCE(e.published, e.ingested_at), e.ingested_at, e.report_id
     FROM entity_reports e WHERE +e.kind IN ('actor', 'malware', 'cve') ${one ? 'AND e.report_id = ?' : ''}`,
  ).run(...params);
}

export function setCluster(db: SqliteDatabase, reportId: string, clusterId: string): void {
  db.statement(
    `INSERT INTO report_clusters (report_id, cluster_id) VALUES (?, ?)
     ON CONFLICT (report_id) DO UPDATE SET cluster_id = excluded.cluster_id`,
  ).run(reportId, clusterId);
}

export function sqliteAnalysisWriteStore(db: SqliteDatabase): AnalysisWriteStore {
  return {
    async replaceAnalysis(reportId, analysis, clusterId) {
      db.transaction(() => {
        for (const table of ['mentions', 'claims', 'facts']) {
          db.statement(`DELETE FROM ${table} WHERE report_id = ?`).run(reportId);
        }
        writeAnalysis(db, reportId, analysis);
        setCluster(db, reportId, clusterId);
      });
    },
    async setCluster(reportId, clusterId) {
      setCluster(db, reportId, clusterId);
    },
  };
}
