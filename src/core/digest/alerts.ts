/**
 * @module Watch alerts: a watched actor in a newly stored report queues one alert per watching
 * destination (in the store, so any process may ingest and any bot replica may post), and the
 * poster turns each into a short cited message within the destination's clearance.
 */
import { randomUUID } from 'node:crypto';
import { buildActorDossier } from '../analysis/actor-dossier.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { attributionLines } from '../answer/attribution-lines.ts';
import { CitationBook } from '../answer/citation-book.ts';
import { finalizeAnswer } from '../answer/finalize.ts';
import { withheldNoticeOf, withWithheldNotice } from '../answer/withheld-notice.ts';
import type { ReportAnalysis } from '../model/analysis.ts';
import type { Answer } from '../model/answer.ts';
import type { Report } from '../model/report.ts';
import type { Alert, DestinationRef } from '../model/subscription.ts';
import type { Tlp } from '../model/tlp.ts';
import type { AnalysisReadStore } from '../ports/analysis-store.ts';
import type { ChatDestination } from '../ports/chat-destination.ts';
import type { Clock } from '../ports/clock.ts';
import type { LeaseStore } from '../ports/lease-store.ts';
import type { Logger } from '../ports/logger.ts';
import type { ReportStore } from '../ports/report-store.ts';
import type { SubscriptionStore } from '../ports/subscription-store.ts';
import { isoDay } from '../text/dates.ts';
import { sentenceSpans } from '../text/sentences.ts';

/** Queues alerts for every destination watching an actor the report names. */
export async function queueWatchAlerts(
  store: Pick<SubscriptionStore, 'watchesOn'> & Pick<LeaseStore, 'queueAlerts'>,
  clock: Clock,
  report: Report,
  analysis: ReportAnalysis,
): Promise<number> {
  const actors = [
    ...new Set(analysis.mentions.filter((m) => m.kind === 'actor').map((m) => m.canonical)),
  ];
  if (actors.length === 0) return 0;
  const watches = await store.watchesOn(actors);
  const now = clock.now().toISOString();
  return store.queueAlerts(
    watches.map((w) => ({
      id: randomUUID(),
      destination: w.destination,
      reportId: report.id,
      actor: actors.find((a) => a.toLowerCase() === w.actor.toLowerCase()) ?? w.actor,
      status: 'pending',
      createdAt: now,
      attempts: 0,
      lastError: null,
    })),
  );
}

/** The alert message: the new report's sentences about the actor, and the actor's attribution. */
export async function alertAnswer(
  store: ReportStore & AnalysisReadStore,
  analysis: AnalysisService,
  alert: Alert,
  clearance: Tlp,
): Promise<Answer | undefined> {
  // The store decides what the destination may see; the text is read only for a report it may.
  const [visible] = await store.getReportSummaries([alert.reportId], clearance);
  const report = visible && (await store.getReport(visible.id));
  if (!report) return undefined;
  const { text, ...summary } = report;
  const mentions = (await store.mentionsOf(report.id)).filter(
    (m) => m.kind === 'actor' && m.canonical === alert.actor,
  );
  const spans = sentenceSpans(text);
  const sentences = [
    ...new Set(
      mentions
        .map((m) => spans.find((s) => s.start <= m.start && m.start < s.end))
        .filter((s) => s !== undefined),
    ),
  ]
    .slice(0, 3)
    .map((s) => text.slice(s.start, s.end));
  const book = new CitationBook();
  book.reserve([summary]);
  const claims = sentences.map((s) => book.claim(s, [{ report: summary, quote: s }]));
  const dossier = await buildActorDossier(
    store,
    await analysis.at(clearance),
    alert.actor,
    clearance,
  );
  const attribution = attributionLines(dossier, book).slice(0, 1);
  return finalizeAnswer(
    {
      kind: 'alert',
      query: `watch ${alert.actor}`,
      title: `Watched actor in a new report: ${alert.actor}`,
      summary: `${report.title} — ${report.publisher ?? 'unknown publisher'}, ${isoDay(report.published ?? report.ingestedAt)}`,
      sections: [{ title: 'What it says', claims }],
      attribution,
      withheld: dossier.withheld,
      clearance,
      subjects: [alert.actor],
    },
    book,
    'extractive',
  );
}

export interface AlertPosterDeps {
  store: ReportStore &
    AnalysisReadStore &
    LeaseStore &
    Pick<SubscriptionStore, 'briefingProfileFor'>;
  analysis: AnalysisService;
  clock: Clock;
  destinations: Map<string, ChatDestination>;
  clearanceOf: (destination: DestinationRef) => Promise<Tlp>;
  remember: (threadId: string, posted: { answer: Answer }) => Promise<void>;
  logger: Logger;
  /** Claims older than this are someone else's crashed attempt and may be taken over. */
  staleMs?: number;
}

/** Posts pending alerts; returns how many were posted. Safe to run on every replica. */
export async function postPendingAlerts(deps: AlertPosterDeps, limit = 20): Promise<number> {
  const now = deps.clock.now();
  const alerts = await deps.store.claimAlerts(
    now.toISOString(),
    new Date(now.getTime() - (deps.staleMs ?? 10 * 60_000)).toISOString(),
    limit,
  );
  let posted = 0;
  for (const alert of alerts) {
    const destination = deps.destinations.get(alert.destination.platform);
    if (!destination) {
      // Another replica may serve that platform; give the alert back by leaving it claimed to go stale.
      continue;
    }
    const clearance = await deps.clearanceOf(alert.destination);
    const found = await alertAnswer(deps.store, deps.analysis, alert, clearance);
    const answer =
      found && withWithheldNotice(found, await withheldNoticeOf(deps.store, alert.destination));
    if (!answer) {
      await deps.store.finishAlert(
        alert.id,
        'failed',
        alert.attempts,
        'report above the destination clearance or gone',
      );
      continue;
    }
    try {
      const result = await destination.post(alert.destination.channel, { answer });
      await deps.remember(result.threadId, { answer });
      await deps.store.finishAlert(alert.id, 'posted', alert.attempts + 1, null);
      posted++;
    } catch (error) {
      deps.logger.warn('alert post failed', {
        alert: alert.id,
        destination: alert.destination,
        error,
      });
      await deps.store.finishAlert(
        alert.id,
        'failed',
        alert.attempts + 1,
        (error as Error).message,
      );
    }
  }
  return posted;
}
