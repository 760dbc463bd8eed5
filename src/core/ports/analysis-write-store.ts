/** @module AnalysisWriteStore port (role: analysis write): replacing a report's analysis and moving it between story clusters. */
import type { ReportAnalysis } from '../model/analysis.ts';

export interface AnalysisWriteStore {
  /** Replaces a report's analysis and story cluster in one transaction (after the catalog changed). */
  replaceAnalysis(reportId: string, analysis: ReportAnalysis, clusterId: string): Promise<void>;
  setCluster(reportId: string, clusterId: string): Promise<void>;
}
