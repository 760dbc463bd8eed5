/** @module AnalysisWriteStore on PostgreSQL, and the analysis rows addReport writes with a report (one statement per table). */
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import type { ReportAnalysis } from '../../core/model/analysis.ts';
import type { AnalysisWriteStore } from '../../core/ports/analysis-write-store.ts';
import type { PostgresDatabase, Queryable } from './database.ts';

/** Inserts a report's analysis rows, in the order given; the caller holds the transaction. */
export async function writeAnalysis(
  tx: Queryable,
  reportId: string,
  analysis: ReportAnalysis,
): Promise<void> {
  const { mentions, claims, facts } = analysis;
  if (mentions.length) {
    await tx.run(
      `INSERT INTO mentions (report_id, kind, canonical, canonical_key, surface, start_offset, end_offset)
       SELECT $1, u.kind, u.canonical, u.canonical_key, u.surface, u.start_offset, u.end_offset
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[]) WITH ORDINALITY
         AS u(kind, canonical, canonical_key, surface, start_offset, end_offset, n)
       ORDER BY u.n`,
      [
        reportId,
        mentions.map((m) => m.kind),
        mentions.map((m) => m.canonical),
        mentions.map((m) => aliasKey(m.canonical)),
        mentions.map((m) => m.surface),
        mentions.map((m) => m.start),
        mentions.map((m) => m.end),
      ],
    );
  }
  if (claims.length) {
    await tx.run(
      `INSERT INTO claims (report_id, subject, subject_key, relation, object, object_key, object_kind, country,
         strength, stated_confidence, stance, originator, cues, start_offset, end_offset, quote)
       SELECT $1, u.subject, u.subject_key, u.relation, u.object, u.object_key, u.object_kind, u.country,
         u.strength, u.stated_confidence, u.stance, u.originator, u.cues, u.start_offset, u.end_offset, u.quote
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::int[], $16::text[])
         WITH ORDINALITY AS u(subject, subject_key, relation, object, object_key, object_kind, country,
           strength, stated_confidence, stance, originator, cues, start_offset, end_offset, quote, n)
       ORDER BY u.n`,
      [
        reportId,
        claims.map((c) => c.subject),
        claims.map((c) => aliasKey(c.subject)),
        claims.map((c) => c.relation),
        claims.map((c) => c.object),
        claims.map((c) => aliasKey(c.object)),
        claims.map((c) => c.objectKind),
        claims.map((c) => c.country),
        claims.map((c) => c.strength),
        claims.map((c) => c.statedConfidence),
        claims.map((c) => c.stance),
        claims.map((c) => c.originator),
        claims.map((c) => JSON.stringify(c.cues)),
        claims.map((c) => c.start),
        claims.map((c) => c.end),
        claims.map((c) => c.quote),
      ],
    );
  }
  if (facts.length) {
    await tx.run(
      `INSERT INTO facts (report_id, subject, subject_key, kind, value, originator, start_offset, end_offset, quote)
       SELECT $1, u.subject, u.subject_key, u.kind, u.value, u.originator, u.start_offset, u.end_offset, u.quote
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[])
         WITH ORDINALITY AS u(subject, subject_key, kind, value, originator, start_offset, end_offset, quote, n)
       ORDER BY u.n`,
      [
        reportId,
        facts.map((f) => f.subject),
        facts.map((f) => aliasKey(f.subject)),
        facts.map((f) => f.kind),
        facts.map((f) => f.value),
        facts.map((f) => f.originator),
        facts.map((f) => f.start),
        facts.map((f) => f.end),
        facts.map((f) => f.quote),
      ],
    );
  }
}

export async function setCluster(
  tx: Queryable,
  reportId: string,
  clusterId: string,
): Promise<void> {
  await tx.run(
    `INSERT INTO report_clusters (report_id, cluster_id) VALUES ($1, $2)
     ON CONFLICT (report_id) DO UPDATE SET cluster_id = excluded.cluster_id`,
    [reportId, clusterId],
  );
}

export function postgresAnalysisWriteStore(db: PostgresDatabase): AnalysisWriteStore {
  return {
    async replaceAnalysis(reportId, analysis, clusterId) {
      await db.transaction(async (tx) => {
        for (const table of ['mentions', 'claims', 'facts']) {
          await tx.run(`DELETE FROM ${table} WHERE report_id = $1`, [reportId]);
        }
        await writeAnalysis(tx, reportId, analysis);
        await setCluster(tx, reportId, clusterId);
      });
    },
    async setCluster(reportId, clusterId) {
      await setCluster(db, reportId, clusterId);
    },
  };
}
