/** @module Ingesting one address (`threatbrief ingest URL`, `/threat ingest URL`): fetched under the source limits, stored like a file. */
import { ingestDocuments } from '../../core/ingest/ingest-documents.ts';
import type { Tlp } from '../../core/model/tlp.ts';
import type { SourceDeps } from '../source-runs.ts';
import { urlDocuments } from './web-documents.ts';

export interface UrlIngestOutcome {
  reports: { id: string; title: string; tlp: Tlp; status: 'stored' | 'duplicate' }[];
  /** Why nothing could be stored, when nothing was. */
  error: string | null;
}

export async function ingestUrl(deps: SourceDeps, url: string): Promise<UrlIngestOutcome> {
  const summary = await ingestDocuments(
    { store: deps.store, clock: deps.clock, analysis: deps.analysis },
    urlDocuments([url], deps.web),
    { defaultTlp: deps.defaultTlp },
  );
  const [doc] = summary.documents;
  if (!doc || doc.status === 'rejected')
    return { reports: [], error: doc?.status === 'rejected' ? doc.error.message : 'nothing read' };
  const labels = new Map(
    (await deps.store.getReportSummaries(doc.reports.map((r) => r.id))).map((r) => [r.id, r.tlp]),
  );
  return {
    // A label that cannot be read back is treated as the strictest.
    reports: doc.reports.map((r) => ({ ...r, tlp: labels.get(r.id) ?? 'RED' })),
    error: null,
  };
}
