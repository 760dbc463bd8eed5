/** @module The ingest use case: documents in, one result per document out; a bad one never stops the batch. */
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { catalogEntriesFromLinkedObjects } from '../analysis/catalog/from-stix.ts';
import { queueWatchAlerts } from '../digest/alerts.ts';
import { asThreatBriefError, type ErrorCode } from '../errors.ts';
import type { PartMarking } from '../model/marking.ts';
import type { NewReport, ReportDraft } from '../model/report.ts';
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

/**
 * Reports written per transaction. One commit per report was most of the cost of writing them;
 * a batch holds the write lock while its reports are analysed (a few milliseconds each), so it
 * stays short enough for another process's write to wait for it rather than fail.
 */
const BATCH_REPORTS = 200;

type ReadDocument =
  | { origin: string; doc: SourceDocument; status: 'read'; prepared: NewReport[] }
  | Extract<DocumentResult, { status: 'rejected' }>;

function rejected(origin: string, error: unknown): Extract<DocumentResult, { status: 'rejected' }> {
  const coded = asThreatBriefError(error, 'unreadable');
  return { origin, status: 'rejected', error: { code: coded.code, message: coded.message } };
}

/** Reads and prepares a document's reports (outside any write transaction: reading may fetch). */
async function readOne(
  deps: IngestDeps,
  doc: SourceDocument,
  options: IngestOptions,
): Promise<ReadDocument> {
  try {
    const drafts = await doc.read();
    // Prepare every report of the document before storing any, so a bad one rejects them all.
    const prepared = drafts.map((draft) =>
      prepareReport(draft, doc.origin, options, deps.clock.now()),
    );
    return { origin: doc.origin, doc, status: 'read', prepared };
  } catch (error) {
    return rejected(doc.origin, error);
  }
}

async function storeOne(deps: IngestDeps, read: ReadDocument): Promise<DocumentResult> {
  if (read.status === 'rejected') return read;
  const { doc, prepared } = read;
  try {
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
    return rejected(doc.origin, error);
  }
}

export async function ingestDocuments(
  deps: IngestDeps,
  documents: readonly SourceDocument[],
  options: IngestOptions,
): Promise<IngestSummary> {
  const summary: IngestSummary = { ingested: 0, duplicates: 0, rejected: [], documents: [] };
  let next = 0;
  while (next < documents.length) {
    const batch: ReadDocument[] = [];
    for (let reports = 0; next < documents.length && reports < BATCH_REPORTS; next++) {
      const read = await readOne(deps, documents[next]!, options);
      batch.push(read);
      reports += read.status === 'read' ? read.prepared.length : 0;
    }
    let results: DocumentResult[] = [];
    try {
      await deps.store.writeBatch(async () => {
        for (const read of batch) {
          results.push(await storeOne(deps, read));
          options.onProgress?.({
            done: summary.documents.length + results.length,
            total: documents.length,
            origin: read.origin,
          });
        }
      });
    } catch (error) {
      // The batch could not be begun or committed: none of its reports was kept.
      results = batch.map((read) =>
        read.status === 'read' ? rejected(read.doc.origin, error) : read,
      );
    }
    for (const result of results) {
      summary.documents.push(result);
      if (result.status === 'rejected') {
        summary.rejected.push({
          path: result.origin,
          error: result.error.message,
          code: result.error.code,
        });
      } else {
        for (const report of result.reports) {
          if (report.status === 'stored') summary.ingested++;
          else summary.duplicates++;
        }
      }
    }
  }
  return summary;
}
