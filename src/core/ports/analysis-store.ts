/** @module AnalysisStore port: what analysis found in each report, indexed for answers and digests. */
import type { Claim, EntityKind, Fact, Mention, ReportAnalysis } from '../model/analysis.ts';
import type { ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';

export interface EntityRef {
  kind: EntityKind;
  canonical: string;
}

export interface SourcedClaim extends Claim {
  report: ReportSummary;
}

export interface SourcedFact extends Fact {
  report: ReportSummary;
}

export interface MentionHit {
  report: ReportSummary;
  /** How many times the report names any of the entities asked for. */
  mentions: number;
}

export interface Withholding<T> {
  items: T[];
  /** Distinct reports that matched but sit above the clearance. */
  withheldReports: number;
}

export interface AnalysisStore {
  mentionsOf(reportId: string): Promise<Mention[]>;
  claimsOf(reportId: string): Promise<Claim[]>;
  factsOf(reportId: string): Promise<Fact[]>;
  clusterOf(reportId: string): Promise<string | undefined>;
  /** Every report of a story, oldest first. */
  reportsInCluster(clusterId: string): Promise<ReportSummary[]>;
  /** Reports naming any of the entities (alias-insensitive on canonical names), most mentions first. */
  reportsMentioning(query: {
    entities: EntityRef[];
    clearance: Tlp;
    limit?: number;
  }): Promise<Withholding<MentionHit>>;
  claimsAbout(subjects: string[], clearance: Tlp): Promise<Withholding<SourcedClaim>>;
  factsAbout(subjects: string[], clearance: Tlp): Promise<Withholding<SourcedFact>>;
  /**
   * Entity names the store has seen, with how many reports name them; with a clearance, only
   * names seen in reports a destination with that clearance may see.
   */
  knownEntities(
    kinds: EntityKind[],
    clearance?: Tlp,
  ): Promise<{ kind: EntityKind; canonical: string; reports: number }[]>;
  /**
   * Earlier reports that may tell the same story: dated (published, else ingested) within
   * [from, to], naming any of the entities, and ingested before `before` (at or before its
   * instant when no id is given; strictly earlier in (ingestedAt, id) order when one is).
   */
  storyCandidates(query: {
    entities: EntityRef[];
    /** Reports with exactly this title are candidates too (syndicated copies). */
    title?: string;
    from: string;
    to: string;
    before: { ingestedAt: string; id?: string };
  }): Promise<{ reportId: string; clusterId: string }[]>;
  /** Replaces a report's analysis and story cluster (after the catalog changed). */
  replaceAnalysis(reportId: string, analysis: ReportAnalysis, clusterId: string): Promise<void>;
  setCluster(reportId: string, clusterId: string): Promise<void>;
}
