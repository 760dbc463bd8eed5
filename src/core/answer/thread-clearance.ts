/**
 * @module Thread memory re-checked at every turn against the destination's clearance now, not the
 * one it had when the thread was written: a channel lowered from AMBER to CLEAR keeps its old
 * threads, but "more on item 3", "source for [2]" and "they" then see only what CLEAR may see,
 * and a subject or item known only above it is forgotten, so the reply is the one for something
 * the thread never had.
 */
import { resolveActor } from '../analysis/actor-dossier.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import type { ThreadContext } from '../model/thread.ts';
import { isWithinClearance, type Tlp, tlpRank } from '../model/tlp.ts';
import type { AnalysisReadStore } from '../ports/analysis-store.ts';
import type { ReportStore } from '../ports/report-store.ts';

export interface ThreadCheckDeps {
  store: Pick<ReportStore, 'getReportSummaries'> & Pick<AnalysisReadStore, 'knownEntities'>;
  analysis: AnalysisService;
}

/** What of the thread's memory a destination cleared for `clearance` may build on. */
export async function threadWithinClearance(
  thread: ThreadContext | null,
  clearance: Tlp,
  deps: ThreadCheckDeps,
): Promise<ThreadContext | null> {
  if (!thread) return null;
  const view = await deps.analysis.at(clearance);
  const subjects: string[] = [];
  for (const s of thread.subjects)
    if ((await resolveActor(deps.store, view, s)) !== undefined) subjects.push(s);
  const ids = [...new Set(thread.digestItems.flatMap((i) => i.reportIds))];
  const visible = new Set((await deps.store.getReportSummaries(ids, clearance)).map((r) => r.id));
  // An item is its reports' story: its title may come from any of them, so one report above the
  // clearance hides the whole item.
  const digestItems = thread.digestItems.filter((i) => i.reportIds.every((id) => visible.has(id)));
  const lowered = tlpRank(clearance) < tlpRank(thread.clearance ?? 'RED');
  return {
    ...thread,
    subjects,
    citations: thread.citations.filter((c) => isWithinClearance(c.tlp, clearance)),
    digestItems,
    ...(lowered ? { questions: [] } : {}),
  };
}
