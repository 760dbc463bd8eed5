/** @module What every composed answer shares: the engine's name, its context, and the "nothing found" answers. */
import type { ActorDossier } from '../../../core/analysis/actor-dossier.ts';
import type { AnalysisService, AnalysisView } from '../../../core/analysis/analysis-service.ts';
import { CitationBook } from '../../../core/answer/citation-book.ts';
import { type Draft, finalizeAnswer } from '../../../core/answer/finalize.ts';
import { closeNames } from '../../../core/answer/suggest.ts';
import type { Answer } from '../../../core/model/answer.ts';
import type { Tlp } from '../../../core/model/tlp.ts';
import type { AnalysisReadStore } from '../../../core/ports/analysis-store.ts';
import type { Clock } from '../../../core/ports/clock.ts';
import type { ReportStore } from '../../../core/ports/report-store.ts';
import { isoDay } from '../../../core/text/dates.ts';

export const ENGINE = 'extractive';

export interface AnswerDeps {
  store: ReportStore & AnalysisReadStore;
  analysis: AnalysisService;
  /** "This week" and "lately" are read against it. */
  clock: Clock;
}

export interface Ctx extends Omit<AnswerDeps, 'analysis'> {
  /** The catalog as far as the destination's clearance goes: every name read or suggested. */
  analysis: AnalysisView;
  clearance: Tlp;
  query: string;
  readText: (reportId: string) => Promise<string | undefined>;
}

export function summaryLine(d: ActorDossier): string {
  const parts = [];
  if (d.aliases.length)
    parts.push(`aka ${d.aliases.slice(0, 6).join(', ')}${d.aliases.length > 6 ? ', …' : ''}`);
  parts.push(`${d.reportCount} report${d.reportCount === 1 ? '' : 's'}`);
  // A profile of an actor named in many reports reads the most telling of them; "more" lists all.
  if (d.reportCount > d.reports.length)
    parts.push(`profiled from ${d.reports.length}; reply "more" in a thread for the rest`);
  const latest = d.reports.filter((r) => r.published).at(-1);
  if (latest) parts.push(`latest ${isoDay(latest.published)}`);
  return parts.join(' · ');
}

export function reportCount(n: number, lead: string): string {
  return `${lead} ${n} stored report${n === 1 ? '' : 's'}`;
}

export function draft(
  ctx: Ctx,
  fields: Omit<Draft, 'query' | 'clearance'> & { query?: string },
): Draft {
  return { query: ctx.query, clearance: ctx.clearance, ...fields };
}

/** Names to suggest: the catalog's, and those in reports this destination may see (no others). */
export async function actorNames(
  deps: Pick<Ctx, 'store' | 'analysis'>,
  clearance: Tlp,
): Promise<[string, string][]> {
  const pairs: [string, string][] = [];
  for (const e of deps.analysis.catalog.entries) {
    if (e.kind !== 'actor') continue;
    for (const n of [e.name, ...e.aliases]) pairs.push([n, e.name]);
  }
  for (const k of await deps.store.knownEntities(['actor'], clearance))
    pairs.push([k.canonical, k.canonical]);
  return pairs;
}

export async function notFound(ctx: Ctx, name: string, withheld = 0): Promise<Answer> {
  const suggestions = (await closeNames(name, await actorNames(ctx, ctx.clearance))).map(
    (n) => `did you mean ${n}?`,
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'not-found',
      title: name,
      summary: `No stored report mentions ${name}.`,
      sections: [],
      withheld,
      suggestions,
      subjects: [],
    }),
    new CitationBook(),
    ENGINE,
  );
}

export function nothingCovers(
  ctx: Ctx,
  subjects: string[],
  withheld: number,
  what = 'that',
): Answer {
  return finalizeAnswer(
    draft(ctx, {
      kind: 'not-found',
      title: ctx.query,
      summary: `No stored report covers ${what}.`,
      sections: [],
      withheld,
      subjects,
    }),
    new CitationBook(),
    ENGINE,
  );
}
