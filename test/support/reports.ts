/** @module Builders for reports in tests: a valid NewReport from a few words. */
import { prepareReport } from '../../src/core/ingest/prepare-report.ts';
import type { NewReport, ReportDraft } from '../../src/core/model/report.ts';

let counter = 0;

export function newReport(
  text: string,
  draft: Partial<ReportDraft> = {},
  ingestedAt = new Date('2026-01-01T00:00:00Z'),
): NewReport {
  counter++;
  return prepareReport(
    { sourceKind: 'text', text, ...draft },
    `test-${counter}.txt`,
    { defaultTlp: 'CLEAR' },
    ingestedAt,
  );
}
