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
  const names = new Map<string, [kind: string, key: string, canonical: string, count: number]>();
  for (const m of analysis.mentions) {
    const key = aliasKey(m.canonical);
    mention.run(reportId, m.kind, m.canonical, key, m.surface, m.start, m.end);
    const known = names.get(`${m.kind}\u0000${key}`);
    if (!known) names.set(`${m.kind}\u0000${key}`, [m.kind, key, m.canonical, 1]);
    else {
      known[3]++;
      if (sqliteTextBefore(m.canonical, known[2])) known[2] = m.canonical;
    }
  }
  // Each name once, with its count, least spelling, and the report's label and dates.
  db.statement(
    `INSERT INTO entity_reports (kind, canonical_key, report_id, canonical, mentions, tlp_rank, published, ingested_at)
     SELECT j.value ->> 0, j.value ->> 1, r.id, j.value ->> 2, j.value ->> 3, r.tlp_rank, r.published, r.ingested_at
     FROM reports r, json_each(?) j WHERE r.id = ?`,
  ).run(JSON.stringify([...names.values()]), reportId);
  addStoryKeys(db, reportId);
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

/** Whether SQLite orders `a` before `b` (its MIN on text compares UTF-8 bytes, not UTF-16 units). */
function sqliteTextBefore(a: string, b: string): boolean {
  return Buffer.compare(Buffer.from(a), Buffer.from(b)) < 0;
}

/** The story keys of the actors, malware and CVEs in the entity index, of one report or of all. */
function addStoryKeys(db: SqliteDatabase, reportId?: string): void {
  // The unary + keeps one report's lookup on the report index, not on every actor's rows.
  db.statement(
    `INSERT OR IGNORE INTO story_keys (key, event_at, ingested_at, report_id)
     SELECT e.kind || ':' || e.canonical_key, COALESCE(e.published, e.ingested_at), e.ingested_at, e.report_id
     FROM entity_reports e WHERE +e.kind IN ('actor', 'malware', 'cve')
     ${reportId === undefined ? '' : 'AND e.report_id = ?'}`,
  ).run(...(reportId === undefined ? [] : [reportId]));
}

/**
 * Fills the entity index and the story keys from every stored mention: for a copied database,
 * whose mentions arrive as rows. Writers of one report's analysis fill both in writeAnalysis;
 * deleting mentions updates both by trigger.
 */
export function indexAllEntities(db: SqliteDatabase): void {
  db.statement(
    `INSERT INTO entity_reports (kind, canonical_key, report_id, canonical, mentions, tlp_rank, published, ingested_at)
     SELECT m.kind, m.canonical_key, m.report_id, MIN(m.canonical), COUNT(*), r.tlp_rank, r.published, r.ingested_at
     FROM mentions m JOIN reports r ON r.id = m.report_id
     GROUP BY m.report_id, m.kind, m.canonical_key`,
  ).run();
  addStoryKeys(db);
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
