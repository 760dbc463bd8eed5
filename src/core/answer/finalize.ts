/** @module Assembles an Answer: keeps only cited sources, numbers them 1..n, and rewrites every mark to match. */
import type { Answer, AnswerSection, AttributionLine } from '../model/answer.ts';
import type { Tlp } from '../model/tlp.ts';
import { defangIndicators } from '../text/defang.ts';
import type { CitationBook } from './citation-book.ts';

export interface Draft {
  kind: Answer['kind'];
  query: string;
  title: string;
  summary: string;
  sections: (AnswerSection | null)[];
  attribution?: AttributionLine[];
  withheld: number;
  clearance: Tlp;
  suggestions?: string[];
  subjects: string[];
  notice?: string | null;
}

export function finalizeAnswer(draft: Draft, book: CitationBook, engine: string): Answer {
  const { citations, renumber } = book.build();
  // Statements quote reports; an indicator in one is shown defanged, whatever composed it.
  const marks = (text: string) =>
    defangIndicators(text).replace(/\[(\d+)\]/g, (_, n: string) => `[${renumber(Number(n))}]`);
  const sections = draft.sections
    .filter((s): s is AnswerSection => s !== null && s.claims.length > 0)
    .map((s) => ({
      title: s.title,
      claims: s.claims.map((c) => ({
        text: marks(c.text),
        citations: c.citations.map(renumber),
        evidence: c.evidence.map((e) => ({ n: renumber(e.n), quote: e.quote })),
      })),
    }));
  return {
    kind: draft.kind,
    query: draft.query,
    title: draft.title,
    summary: marks(draft.summary),
    sections,
    attribution: (draft.attribution ?? []).map((a) => ({
      ...a,
      basis: marks(a.basis),
      citations: a.citations.map(renumber),
    })),
    citations,
    withheld: draft.withheld,
    clearance: draft.clearance,
    suggestions: draft.suggestions ?? [],
    subjects: draft.subjects,
    engine,
    notice: draft.notice ?? null,
  };
}
