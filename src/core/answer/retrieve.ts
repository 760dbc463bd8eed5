/**
 * @module Retrieval for free questions: full-text over passages, narrowed to the reports about the
 * question's subjects when it has any, then the best sentences by how many asked-for words they hold.
 */
import type { ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type { ReportStore } from '../ports/report-store.ts';
import { sentenceSpans } from '../text/sentences.ts';
import { findPhrases } from '../text/snippet.ts';
import { type Phrase, queryPhrases } from '../text/terms.ts';

export interface RetrievedSentence {
  report: ReportSummary;
  text: string;
  start: number;
  end: number;
  score: number;
}

export interface Retrieval {
  sentences: RetrievedSentence[];
  withheld: number;
}

/** Words of a question that say what kind of answer is wanted, not what it is about. */
const FORM_WORDS = new Set(
  'what which who whom when where why how did does do is are was were they them their it its the group actor tell me about more please there any'.split(
    ' ',
  ),
);

export async function retrieveSentences(
  store: Pick<ReportStore, 'searchPassages'>,
  query: {
    text: string;
    subjectNames: string[];
    reportIds?: string[];
    clearance: Tlp;
    limit: number;
    /** Sentences matching this rank higher (e.g. attribution wording for "who is behind"). */
    prefer?: RegExp;
  },
): Promise<Retrieval> {
  const subjectWords = new Set(
    query.subjectNames.flatMap((n) => n.toLowerCase().split(/[^\p{L}\p{N}]+/u)),
  );
  const phrases: Phrase[] = queryPhrases(query.text).filter(
    (p) =>
      !(p.length === 1 && (FORM_WORDS.has(p[0]!) || subjectWords.has(p[0]!))) &&
      !p.every((w) => subjectWords.has(w)),
  );
  if (phrases.length === 0) return { sentences: [], withheld: 0 };
  const search = {
    phrases,
    limit: 40,
    clearance: query.clearance,
    ...(query.reportIds ? { reportIds: query.reportIds } : {}),
  };
  let result = await store.searchPassages({ ...search, match: 'all' });
  if (result.hits.length === 0 && phrases.length > 1)
    result = await store.searchPassages({ ...search, match: 'any' });
  const top = result.hits[0]?.score ?? 1;
  const scored: RetrievedSentence[] = [];
  for (const hit of result.hits) {
    for (const span of sentenceSpans(hit.passage.text)) {
      const text = hit.passage.text.slice(span.start, span.end);
      // Headings and fragments ("Malware") answer nothing on their own.
      if (text.length < 30 || !/\s\S+\s/.test(text)) continue;
      const matched = new Set(
        findPhrases(text, phrases).map(([s, e]) => text.slice(s, e).toLowerCase()),
      );
      if (matched.size === 0) continue;
      scored.push({
        report: hit.report,
        text,
        start: hit.passage.start + span.start,
        end: hit.passage.start + span.end,
        score: matched.size + 0.5 * (hit.score / top) + (query.prefer?.test(text) ? 1.5 : 0),
      });
    }
  }
  scored.sort(
    (a, b) =>
      b.score - a.score || (b.report.published ?? '').localeCompare(a.report.published ?? ''),
  );
  // One copy of each sentence: the same line often opens several passages of a syndicated story.
  const best = new Map<string, RetrievedSentence>();
  for (const s of scored) if (!best.has(s.text)) best.set(s.text, s);
  const unique = [...best.values()];
  const sentences = unique.slice(0, query.limit);
  return { sentences, withheld: result.withheldReports };
}
