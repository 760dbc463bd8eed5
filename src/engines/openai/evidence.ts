/**
 * @module What the model could be shown for a question, best first: verbatim sentences the core
 * already found. For an actor, its dossier (attribution wording, the sentences binding it to
 * malware, targets, techniques, its activity dates) in the order the question asks for, then the
 * sentences of its reports that hold the question's other words; with no actor, ranked sentences
 * from the whole store. Nothing here is above the request's clearance: the core asks the store
 * with it.
 */
import type { ActorDossier } from '../../core/analysis/actor-dossier.ts';
import type { Question } from '../../core/answer/question.ts';
import { findSentences, rankReports } from '../../core/answer/retrieve.ts';
import type { EntityKind } from '../../core/model/analysis.ts';
import type { ReportSummary } from '../../core/model/report.ts';
import type { Tlp } from '../../core/model/tlp.ts';
import type { ReportStore } from '../../core/ports/report-store.ts';
import type { Phrase } from '../../core/text/terms.ts';

export interface Candidate {
  report: ReportSummary;
  /** Verbatim text of the stored report. */
  text: string;
}

export interface Gathered {
  candidates: Candidate[];
  /** Matching reports above the request's clearance: counted, never read. */
  withheld: number;
}

type Section = 'claims' | EntityKind | 'facts' | 'latest' | 'question';

/** What each kind of question wants first; whatever is not listed follows in profile order. */
const ORDER: Record<string, Section[]> = {
  attribution: ['claims', 'question', 'latest'],
  tools: ['malware', 'tool', 'question'],
  targets: ['sector', 'country', 'region', 'technology', 'question'],
  when: ['facts', 'question', 'latest'],
  how: ['technique', 'cve', 'tool', 'malware', 'question'],
  techniques: ['technique', 'question'],
  vulnerabilities: ['cve', 'question'],
  indicators: ['indicator', 'question'],
  latest: ['latest', 'question'],
  general: ['question', 'claims'],
};
const PROFILE: Section[] = [
  'claims',
  'sector',
  'country',
  'region',
  'malware',
  'tool',
  'technique',
  'cve',
  'facts',
  'technology',
  'indicator',
  'question',
  'latest',
];

function sectionsFor(intent: string): Section[] {
  const first = ORDER[intent] ?? [];
  return [...first, ...PROFILE.filter((s) => !first.includes(s))];
}

/** The words that narrow a question beyond its actor, and its topics and software by every spelling. */
function narrowing(q: Question): { terms: Phrase[]; groups: Phrase[][] } {
  return { terms: q.terms, groups: [...q.topics, ...q.software].map((t) => t.forms) };
}

function inWindow(report: ReportSummary, q: Question): boolean {
  if (!q.window) return true;
  const at = report.published ?? report.ingestedAt;
  return at >= q.window.from && at <= q.window.to;
}

export interface EvidenceDeps {
  store: Pick<ReportStore, 'searchPassages'>;
}

/** Sentences about the dossier's actor, in the order the question's intent wants them. */
export async function actorCandidates(
  deps: EvidenceDeps,
  q: Question,
  dossier: ActorDossier,
  clearance: Tlp,
): Promise<Candidate[]> {
  const reports = new Map(dossier.reports.map((r) => [r.id, r]));
  const by = new Map<Section, Candidate[]>();
  const add = (section: Section, reportId: string, text: string) => {
    const report = reports.get(reportId);
    if (report) by.set(section, [...(by.get(section) ?? []), { report, text }]);
  };
  for (const c of dossier.claims) add('claims', c.report.id, c.quote);
  // Entities bound to the actor, most reported first: one sentence each before any second one.
  for (let round = 0; round < 3; round++)
    for (const r of dossier.related) {
      const e = r.evidence[round];
      if (e) add(r.kind, e.reportId, e.quote);
    }
  for (const f of dossier.facts) add('facts', f.report.id, f.quote);
  const newest = [...dossier.reports].sort((a, b) =>
    (b.published ?? b.ingestedAt).localeCompare(a.published ?? a.ingestedAt),
  );
  for (const r of newest) {
    const first = dossier.firstSentence.get(r.id);
    if (first) add('latest', r.id, first);
  }
  const words = narrowing(q);
  if (words.terms.length || words.groups.length) {
    const found = await findSentences(deps.store, {
      required: [],
      ...words,
      reportIds: dossier.reports.map((r) => r.id),
      clearance,
      limit: 20,
      minCoverage: 0.5,
    });
    for (const s of found.sentences) add('question', s.report.id, s.text);
  }
  // A question narrowed by its own words ("in its NATO-themed campaign") wants those sentences first.
  const narrowed = q.intent.type !== 'profile' && by.has('question');
  const order = sectionsFor(q.intent.type).filter((s) => !narrowed || s !== 'question');
  return (narrowed ? ['question' as const, ...order] : order)
    .flatMap((s) => by.get(s) ?? [])
    .filter((c) => inWindow(c.report, q));
}

/** The reports a question is about when it names no actor: those holding most of its rare words. */
const FOCUS_COVERAGE = 0.6;

/**
 * Ranked sentences for a question that names no actor: first from the report or two it is about
 * (core rankReports), then from the whole store.
 */
export async function storeCandidates(
  deps: EvidenceDeps,
  q: Question,
  clearance: Tlp,
): Promise<Gathered> {
  const query = {
    // An indicator, a CVE id or a malware family asked about must be in the sentence.
    required: [...q.identifiers, ...q.software].map((t) => t.forms),
    terms: q.terms,
    groups: q.topics.map((t) => t.forms),
    clearance,
    window: q.window,
  };
  const { reports } = await rankReports(deps.store, query);
  const top = reports[0];
  const focus =
    top && top.coverage >= FOCUS_COVERAGE
      ? reports
          .filter((r) => r.coverage >= Math.max(FOCUS_COVERAGE, top.coverage * 0.85))
          .slice(0, 3)
      : [];
  const focused = focus.length
    ? await findSentences(deps.store, {
        ...query,
        reportIds: focus.map((r) => r.report.id),
        limit: 25,
        minCoverage: 0.3,
      })
    : { sentences: [], withheld: 0 };
  const found = await findSentences(deps.store, { ...query, limit: 40 });
  return {
    candidates: [...focused.sentences, ...found.sentences].map((s) => ({
      report: s.report,
      text: s.text,
    })),
    withheld: Math.max(focused.withheld, found.withheld),
  };
}
