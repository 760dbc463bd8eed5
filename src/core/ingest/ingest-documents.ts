/** @module The ingest use case: documents in, one result per document out; a bad one never stops the batch. */
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { catalogEntriesFromLinkedObjects } from '../analysis/catalog/from-stix.ts';
import { queueWatchAlerts } from '../digest/alerts.ts';
import { asThreatBriefError, type ErrorCode } from '../errors.ts';
import type { PartMarking } from '../model/marking.ts';
import type { ReportDraft } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type { AnalysisReadStore } from '../ports/analysis-store.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { LeaseStore } from '../ports/lease-store.ts';
import type { ReportStore } from '../ports/report-store.ts';
import type { SubscriptionStore } from '../ports/subscription-store.ts';
import { type IngestDefaults, prepareReport } from './prepare-report.ts';

/** One input (a file, a feed entry): read lazily so a large batch never sits in memory at once. */
export interface SourceDocument {
  /** Path or address, used in every message about it. */
  origin: string;
  /** Parses the input into report drafts; throws a ThreatBriefError for bad input. */
  read(): Promise<ReportDraft[]>;
}

export interface IngestedReport {
  id: string;
  title: string;
  status: 'stored' | 'duplicate';
  /** The label the report is stored with (a duplicate keeps the one stored first). */
  tlp: Tlp;
  /** Each part's marking, when the parts of the document were marked differently. */
  parts?: PartMarking[];
  /** Markings not taken at face value: unknown labels (read as RED), labels stated in the text. */
  warnings?: string[];
}

export type DocumentResult =
  | { origin: string; status: 'ok'; reports: IngestedReport[] }
  | { origin: string; status: 'rejected'; error: { code: ErrorCode; message: string } };

export interface IngestSummary {
  ingested: number;
  duplicates: number;
  rejected: { path: string; error: string; code: ErrorCode }[];
  documents: DocumentResult[];
}

export interface IngestProgress {
  done: number;
  total: number;
  origin: string;
}

export interface IngestDeps {
  /** Reports in; stories and learned names read and written; watch alerts queued. */
  store: ReportStore &
    AnalysisReadStore &
    CatalogStore &
    Pick<SubscriptionStore, 'watchesOn'> &
    Pick<LeaseStore, 'queueAlerts'>;
  clock: Clock;
  /** Analysis to run on every stored report (entities, claims, story cluster); none when absent. */
  analysis?: AnalysisService;
}

export interface IngestOptions extends IngestDefaults {
  onProgress?: (progress: IngestProgress) => void;
}

async function ingestOne(
  deps: IngestDeps,
  doc: SourceDocument,
  options: IngestOptions,
): Promise<DocumentResult> {
  try {
    const drafts = await doc.read();
    // Prepare every report of the document before storing any, so a bad one rejects them all.
    const prepared = drafts.map((draft) =>
      prepareReport(draft, doc.origin, options, deps.clock.now()),
    );
    const reports: IngestedReport[] = [];
    for (const item of prepared) {
      const marking = {
        ...(item.marking?.parts.length ? { parts: item.marking.parts } : {}),
        ...(item.marking?.warnings.length ? { warnings: item.marking.warnings } : {}),
      };
      const known = await deps.store.findReportByHash(item.report.contentHash);
      if (known) {
        reports.push({
          id: known.id,
          title: known.title,
          status: 'duplicate',
          tlp: known.tlp,
          ...marking,
        });
        continue;
      }
      if (deps.analysis) {
        // Aliases a STIX bundle declares count for the report that carries them, at its label;
        // the report is read with what a reader cleared for its label may know, nothing more.
        deps.analysis.learn(catalogEntriesFromLinkedObjects(item.linkedObjects, item.report.tlp));
        item.analysis = deps.analysis.view(item.report.tlp).analyze(item.report);
        item.clusterId = await deps.analysis.assignCluster(deps.store, item.report, item.analysis);
      }
      const result = await deps.store.addReport(item);
      if (result.status === 'stored' && item.analysis)
        await queueWatchAlerts(deps.store, deps.clock, item.report, item.analysis);
      reports.push({
        id: result.report.id,
        title: result.report.title,
        status: result.status,
        tlp: result.report.tlp,
        ...marking,
      });
    }
    if (deps.analysis) {
      const learned = prepared.flatMap((item) =>
        catalogEntriesFromLinkedObjects(item.linkedObjects, item.report.tlp),
      );
      if (learned.length) await deps.store.saveCatalogEntries(learned);
    }
    return { origin: doc.origin, status: 'ok', reports };
  } catch (error) {
    const coded = asThreatBriefError(error, 'unreadable');
    return {
      origin: doc.origin,
      status: 'rejected',
      error: { code: coded.code, message: coded.message },
    };
  }
}

export async function ingestDocuments(
  deps: IngestDeps,
  documents: readonly SourceDocument[],
  options: IngestOptions,
): Promise<IngestSummary> {
  const summary: IngestSummary = { ingested: 0, duplicates: 0, rejected: [], documents: [] };
  for (const [index, doc] of documents.entries()) {
    const result = await ingestOne(deps, doc, options);
    summary.documents.push(result);
    if (result.status === 'rejected') {
      summary.rejected.push({
        path: doc.origin,
        error: result.error.message,
        code: result.error.code,
      });
    } else {
      for (const report of result.reports) {
        if (report.status === 'stored') summary.ingested++;
        else summary.duplicates++;
      }
    }
    options.onProgress?.({ done: index + 1, total: documents.length, origin: doc.origin });
  }
  return summary;
}
