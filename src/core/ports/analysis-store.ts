/** @module AnalysisReadStore port (role: analysis read): what analysis found in each report, indexed for answers, briefings and clustering. */
import type { Claim, EntityKind, Fact, FactKind, Mention } from '../model/analysis.ts';
import type { Report, ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type { Withholding } from './report-store.ts';

export type { Withholding } from './report-store.ts';

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

/** A report with what a briefing or a clustering pass needs of it, read in one batch. */
export interface ReportWithMentions {
  report: Report;
  mentions: Mention[];
  /** Its story cluster (its own id when it tells a story of its own). */
  clusterId: string;
}

/** Narrows claims or facts about a subject to some reports (what an answer will show). */
export interface AboutFilter {
  reportIds?: string[];
  /** Only reports ingested before this ISO instant. */
  ingestedBefore?: string;
}

export interface AnalysisReadStore {
  mentionsOf(reportId: string): Promise<Mention[]>;
  claimsOf(reportId: string): Promise<Claim[]>;
  factsOf(reportId: string): Promise<Fact[]>;
  clusterOf(reportId: string): Promise<string | undefined>;
  /**
   * Reports with their text, mentions and cluster, in the order of `ids` (unknown ids left
   * out), in a fixed number of round trips however many ids are asked for. Mentions of the
   * kinds in `except` are not read (a briefing has no use for a day's 70,000 indicators); the
   * text of the reports in `withoutText` is not read either, and comes as '' (for a caller that
   * holds what it needs of those texts already).
   */
  reportsWithMentions(
    ids: string[],
    options?: { except?: EntityKind[]; withoutText?: string[] },
  ): Promise<ReportWithMentions[]>;
  /**
   * The entities of some kinds each report names (one row per entity and report, by kind, alias
   * key, then report id; `canonical` is one of the spellings used): from the entity index, no
   * text read.
   */
  entitiesIn(
    reportIds: string[],
    kinds: EntityKind[],
  ): Promise<{ reportId: string; kind: EntityKind; canonical: string }[]>;
  /** Every report of a story, oldest first. */
  reportsInCluster(clusterId: string): Promise<ReportSummary[]>;
  /**
   * Reports naming any of the entities (alias-insensitive on canonical names): most mentions
   * first, or the newest or oldest first (by publication, else ingest, date); `matched` counts
   * every visible report that names them, however many the limit kept.
   */
  reportsMentioning(query: {
    entities: EntityRef[];
    clearance: Tlp;
    limit?: number;
    order?: 'mentions' | 'newest' | 'oldest';
    /** False: only the reports are wanted; `matched` and `withheldReports` are not counted (0). */
    counted?: boolean;
  }): Promise<Withholding<MentionHit> & { matched: number }>;
  /**
   * When each entity was first named in a report a destination with `clearance` may see (the
   * earliest ingest instant); entities never named there are left out. One round trip.
   */
  firstMentions(query: {
    entities: EntityRef[];
    clearance: Tlp;
  }): Promise<{ entity: EntityRef; firstIngestedAt: string }[]>;
  /** Claims about any of the subjects (or naming one as the actor object), oldest report first. */
  claimsAbout(
    subjects: string[],
    clearance: Tlp,
    within?: AboutFilter,
  ): Promise<Withholding<SourcedClaim>>;
  /**
   * Attribution claims made of each subject (not those linking two actors), the newest `perSubject`
   * of each subject, oldest report first: what labels an actor "China-linked, moderate" in a
   * briefing, read in bounded rows however long the actor's history.
   */
  attributionClaimsOf(
    subjects: string[],
    clearance: Tlp,
    perSubject: number,
  ): Promise<SourcedClaim[]>;
  /**
   * Which of these facts (subject, kind, value; the value compared case-insensitively) a report
   * visible at `clearance` and ingested before `before` already stated: one indexed probe per
   * fact, however many facts the subject has.
   */
  factsStatedBefore(query: {
    facts: { subject: string; kind: FactKind; value: string }[];
    before: string;
    clearance: Tlp;
  }): Promise<{ subject: string; kind: FactKind; value: string }[]>;
  factsAbout(
    subjects: string[],
    clearance: Tlp,
    within?: AboutFilter & { kinds?: FactKind[] },
  ): Promise<Withholding<SourcedFact>>;
  /**
   * Entity names the store has seen, with how many reports name them (most named first, then by
   * name and kind); with a clearance, only names seen in reports a destination with that
   * clearance may see.
   */
  knownEntities(
    kinds: EntityKind[],
    clearance: Tlp,
  ): Promise<{ kind: EntityKind; canonical: string; reports: number }[]>;
  /**
   * Earlier reports that may tell the same story: dated (published, else ingested) within
   * [from, to], naming any of the entities, and ingested before `before` (at or before its
   * instant when no id is given; strictly earlier in (ingestedAt, id) order when one is).
   */
  storyCandidates(query: {
    entities: EntityRef[];
    /** Only reports at or below this label (a report joins no story it may not be shown with). */
    clearance?: Tlp;
    /** Reports with exactly this title are candidates too (syndicated copies). */
    title?: string;
    from: string;
    to: string;
    before: { ingestedAt: string; id?: string };
  }): Promise<{ reportId: string; clusterId: string }[]>;
}
