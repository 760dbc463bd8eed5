/** @module ReportStore port (role: reports and passage search): reports, their passages, linked STIX objects, full-text search. */
import type { LinkedObject, NewReport, Passage, Report, ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type { Phrase } from '../text/terms.ts';

export type AddReportResult =
  | { status: 'stored'; report: ReportSummary }
  | { status: 'duplicate'; report: ReportSummary };

/** What a destination may see of a result, and how many distinct reports it may not. */
export interface Withholding<T> {
  items: T[];
  /** Distinct reports that matched but sit above the clearance. */
  withheldReports: number;
}

export interface ReportQuery {
  /** Only reports ingested at or after this ISO instant. */
  ingestedSince?: string;
  /** Only reports ingested before this ISO instant. */
  ingestedBefore?: string;
  /** Only reports dated (published, else ingested) at or after this ISO instant. */
  datedFrom?: string;
  /** Only reports dated (published, else ingested) at or before this ISO instant. */
  datedTo?: string;
  limit?: number;
}

export interface PassageSearch {
  phrases: Phrase[];
  /** "all": every phrase must occur in the passage; "any": at least one. */
  match: 'all' | 'any';
  limit: number;
  /** Passages of reports above this label are not returned, only counted. */
  clearance: Tlp;
  /** Only passages of these reports, when given. */
  reportIds?: string[];
}

export interface PassageHit {
  passage: Passage;
  report: ReportSummary;
  /** Higher is better; only comparable within one result list. */
  score: number;
}

export interface PassageSearchResult {
  hits: PassageHit[];
  /** Distinct reports that matched but sit above the clearance. */
  withheldReports: number;
}

export interface ReportStore {
  /**
   * Stores a report with its passages, linked objects and analysis in one transaction, or
   * reports it as a duplicate (also when another replica stored the same text a moment earlier).
   */
  addReport(item: NewReport): Promise<AddReportResult>;
  /**
   * Runs `work` with what it writes grouped in one transaction: one commit for many reports
   * instead of one each. Every addReport inside stays whole on its own (one that fails is undone
   * alone, the others are kept), and reads inside see what was written before them. What
   * completed is kept even when `work` throws. `work` makes its store calls one after another.
   */
  writeBatch<T>(work: () => Promise<T>): Promise<T>;
  getReport(id: string): Promise<Report | undefined>;
  /**
   * Summaries in the order of `ids`; unknown ids, and with a clearance reports above it, are
   * left out. One round trip.
   */
  getReportSummaries(ids: string[], clearance?: Tlp): Promise<ReportSummary[]>;
  findReportByHash(contentHash: string): Promise<ReportSummary | undefined>;
  /** Every report, whatever its label, newest ingested first: for local tools, never for a destination. */
  listReports(query?: ReportQuery): Promise<ReportSummary[]>;
  /** Reports a destination with `clearance` may see, newest ingested first, and how many it may not. */
  visibleReports(query: ReportQuery & { clearance: Tlp }): Promise<Withholding<ReportSummary>>;
  countReports(): Promise<number>;
  passagesOf(reportId: string): Promise<Passage[]>;
  linkedObjectsOf(reportId: string): Promise<LinkedObject[]>;
  searchPassages(search: PassageSearch): Promise<PassageSearchResult>;
}
