/**
 * @module One shown briefing item: its summary sentences, attribution lines and "what changed",
 * all cited, and every report of the story cited as evidence with its outlet and originator.
 * Citation numbers are provisional here; the builder renumbers them once for the whole page.
 */
import { describeBasis } from '../analysis/confidence.ts';
import type { CitationBook } from '../answer/citation-book.ts';
import type { AttributionLine } from '../model/answer.ts';
import type { DigestItem, FocusMatch, ScorePart } from '../model/digest.ts';
import type { Report } from '../model/report.ts';
import type { ActorLabel } from './actor-labels.ts';
import { whatChanged } from './changes.ts';
import type { StoryFacts } from './story-facts.ts';
import { bestSentence, summarize, summaryReports } from './summarize.ts';

/** At most this many reports of one story are cited as its evidence. */
export const EVIDENCE_PER_ITEM = 20;

/** The reports whose sentences an item may quote: those summarised and those cited as evidence. */
export function reportsQuoted(facts: StoryFacts): Report[] {
  const evidence = facts.sources.slice(0, EVIDENCE_PER_ITEM).map((s) => s.report);
  return [...new Set([...summaryReports(facts), ...evidence])];
}

export interface ItemDraft {
  facts: StoryFacts;
  focus: FocusMatch[];
  signals: string[];
  newActors: string[];
}

export interface ItemContext {
  book: CitationBook;
  label: (actor: string) => ActorLabel;
  seenBefore: Set<string>;
  /** Facts of the shown stories that earlier reports already stated (changeKey). */
  knownBefore: Set<string>;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function attributionLine(
  actor: string,
  label: ActorLabel,
  book: CitationBook,
): AttributionLine | null {
  const top = label.assessments[0];
  if (!top) return null;
  for (const id of top.citations.slice(0, 2)) {
    const claim = label.claims.find((c) => c.report.id === id);
    if (claim) book.cite(claim.report, claim.quote);
  }
  return {
    subject: actor,
    attributedTo: label.attributedTo!,
    confidence: top.label,
    basis: describeBasis(top, (ids) => book.marks(ids)),
    citations: unique(
      top.citations.map((id) => book.number(id)).filter((n): n is number => n !== undefined),
    ).sort((a, b) => a - b),
    disputedBy: top.disputes.map((d) => d.originator),
    deniedBy: top.denials.map((d) => d.by),
  };
}

export function composeItem(
  draft: ItemDraft,
  rank: { n: number; score: number; parts: ScorePart[]; note: string | null },
  ctx: ItemContext,
): DigestItem {
  const { facts } = draft;
  const { book } = ctx;
  const sentences = summarize(facts).map(({ report, sentence }) =>
    book.claim(sentence.text, [{ report, quote: sentence.text }]),
  );
  const attribution = facts.actors
    .map((actor) => attributionLine(actor, ctx.label(actor), book))
    .filter((line): line is AttributionLine => line !== null);
  const changes = whatChanged({
    facts,
    seenBefore: ctx.seenBefore,
    knownBefore: ctx.knownBefore,
    book,
  });
  // Every outlet stays as evidence: a report no summary line quoted is cited for its best line.
  // Every outlet stays as evidence up to a bound: a story told 500 times cites its first tellers,
  // and `reportIds` still lists them all.
  const evidence = facts.sources.slice(0, EVIDENCE_PER_ITEM).map((source) => {
    let n = book.number(source.report.id);
    if (n === undefined || !sentences.some((s) => s.evidence.some((e) => e.n === n))) {
      const line = bestSentence(facts, source.report);
      n = book.cite(source.report, line?.text ?? source.report.text.trim().slice(0, 200));
    }
    return {
      n,
      outlet: source.outlet,
      originator: source.originator,
      reliability: source.report.reliability,
    };
  });
  return {
    n: rank.n,
    title: facts.lead.title,
    summary: sentences
      .map((s) => `${s.text} ${s.citations.map((n) => `[${n}]`).join('')}`)
      .join(' '),
    sentences,
    actors: facts.actors.map((name) => {
      const label = ctx.label(name);
      return { name, attributedTo: label.attributedTo, confidence: label.confidence };
    }),
    attribution,
    citations: unique([...sentences.flatMap((s) => s.citations), ...evidence.map((e) => e.n)]).sort(
      (a, b) => a - b,
    ),
    outlets: facts.outlets.length,
    publishers: facts.outlets,
    originators: facts.originators.map((o) => o.name),
    cves: facts.cves,
    signals: draft.signals,
    score: rank.score,
    scoreParts: rank.parts,
    rankNote: rank.note,
    focus: draft.focus,
    changes,
    evidence,
    reportIds: facts.story.reports.map((r) => r.id),
    clusterId: facts.story.clusterId,
  };
}
