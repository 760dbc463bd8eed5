/** @module Analysis of one report: entities, attribution claims and activity facts, ready to store. */
import type { Claim, Fact, Mention, ReportAnalysis } from '../model/analysis.ts';
import { type Span, sentenceSpans } from '../text/sentences.ts';
import type { Catalog } from './catalog/catalog.ts';
import { activityFact } from './claims/activity.ts';
import { sentenceClaims, subjectOf } from './claims/attribution.ts';
import { createEntityExtractor } from './extract/extract-entities.ts';

export interface AnalysisInput {
  text: string;
  title?: string | null;
  published?: string | null;
}

export type Analyzer = (input: AnalysisInput) => ReportAnalysis;

function counts(mentions: Mention[], kind: Mention['kind']): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of mentions)
    if (m.kind === kind) out.set(m.canonical, (out.get(m.canonical) ?? 0) + 1);
  return out;
}

/** The actor a report is mostly about: named in the title, or clearly the most mentioned. */
export function primaryActorOf(mentions: Mention[], titleActors: string[]): string | null {
  const tally = counts(mentions, 'actor');
  for (const a of titleActors) tally.set(a, (tally.get(a) ?? 0) + 3);
  const ranked = [...tally.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return null;
  const [top, second] = ranked;
  return !second || top![1] >= 2 * second[1] ? top![0] : null;
}

function paragraphOf(text: string, at: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function createAnalyzer(catalog: Catalog): Analyzer {
  const extract = createEntityExtractor(catalog);
  return ({ text, title, published }) => {
    const mentions = extract(text);
    const titleActors = title
      ? extract(title)
          .filter((m) => m.kind === 'actor')
          .map((m) => m.canonical)
      : [];
    const primaryActor = primaryActorOf(mentions, titleActors);
    const topOriginator =
      [...counts(mentions, 'originator').entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;

    const claims: Claim[] = [];
    const facts: Fact[] = [];
    let carried: { name: string; paragraph: number } | undefined;
    for (const sentence of sentenceSpans(text) as Span[]) {
      const paragraph = paragraphOf(text, sentence.start);
      // "Seashell Blizzard (Microsoft)" names a vendor's label; it is not the vendor speaking.
      const own = mentions.find(
        (m) =>
          m.kind === 'originator' &&
          m.start >= sentence.start &&
          m.end <= sentence.end &&
          !(text[m.start - 1] === '(' && text[m.end] === ')'),
      );
      if (own) carried = { name: own.canonical, paragraph };
      const originator =
        own?.canonical ??
        (carried && carried.paragraph >= paragraph - 1 ? carried.name : topOriginator);
      const ctx = { text, sentence, mentions, primaryActor, originator };
      claims.push(...sentenceClaims(ctx));
      const subject = subjectOf(ctx);
      if (subject) {
        const fact = activityFact(
          subject,
          text.slice(sentence.start, sentence.end),
          sentence.start,
          published ?? null,
          originator,
        );
        if (fact) facts.push(fact);
      }
    }
    return { mentions, claims, facts };
  };
}
