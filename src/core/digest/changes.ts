/**
 * @module What changed for actors the team has read about before: statements in today's story
 * (uses, exploits, targets) that no earlier report made about that actor, each cited to the
 * sentence that says it. Actors first seen today have no "before"; they count as new instead.
 */
import { aliasKey } from '../analysis/catalog/catalog.ts';
import type { CitationBook } from '../answer/citation-book.ts';
import type { FactKind } from '../model/analysis.ts';
import type { AnswerClaim } from '../model/answer.ts';
import type { SourcedFact } from '../ports/analysis-store.ts';
import type { StoryFacts } from './story-facts.ts';

const VERB: Partial<Record<FactKind, string>> = {
  'uses:malware': 'uses',
  'uses:tool': 'uses',
  'uses:technique': 'uses',
  'exploits:cve': 'exploits',
  'targets:sector': 'targets',
  'targets:region': 'targets',
  'targets:country': 'targets',
  'targets:technology': 'targets',
};

const factKey = (f: SourcedFact) => `${f.kind}:${f.value.toLowerCase()}`;

/** The actors a story's changes are told for: those seen before, two at most. */
function changeActors(facts: StoryFacts, seenBefore: Set<string>): string[] {
  return facts.actors.filter((a) => seenBefore.has(a)).slice(0, 2);
}

/** One actor's fact, as factsStatedBefore is asked and answers it. */
export function changeKey(actor: string, f: { kind: string; value: string }): string {
  return `${aliasKey(actor)}|${f.kind}|${f.value.toLowerCase()}`;
}

/** The facts of a story whose earlier mention decides whether they are news. */
export function changeCandidates(
  facts: StoryFacts,
  seenBefore: Set<string>,
): { subject: string; kind: FactKind; value: string }[] {
  return changeActors(facts, seenBefore).flatMap((actor) =>
    facts.facts
      .filter((f) => aliasKey(f.subject) === aliasKey(actor) && VERB[f.kind])
      .map((f) => ({ subject: actor, kind: f.kind, value: f.value })),
  );
}

export function whatChanged(input: {
  facts: StoryFacts;
  /** Actors named in reports this destination saw before the period. */
  seenBefore: Set<string>;
  /** Of the facts changeCandidates lists, those earlier reports already stated (changeKey). */
  knownBefore: Set<string>;
  book: CitationBook;
}): AnswerClaim[] {
  const out: AnswerClaim[] = [];
  for (const actor of changeActors(input.facts, input.seenBefore)) {
    const mine = (f: SourcedFact) => aliasKey(f.subject) === aliasKey(actor) && VERB[f.kind];
    const known = new Set(
      input.facts.facts
        .filter((f) => mine(f) && input.knownBefore.has(changeKey(actor, f)))
        .map(factKey),
    );
    const fresh = new Map<string, SourcedFact>();
    for (const f of input.facts.facts)
      if (mine(f) && !known.has(factKey(f)) && !fresh.has(factKey(f))) fresh.set(factKey(f), f);
    if (fresh.size === 0) continue;
    const chosen = [...fresh.values()].slice(0, 4);
    const byVerb = new Map<string, string[]>();
    for (const f of chosen) {
      const verb = VERB[f.kind]!;
      byVerb.set(verb, [...(byVerb.get(verb) ?? []), f.value]);
    }
    const said = [...byVerb.entries()].map(([verb, values]) => `${verb} ${values.join(', ')}`);
    out.push(
      input.book.claim(
        `New about ${actor} since earlier reports: ${said.join('; ')}.`,
        chosen.map((f) => ({ report: f.report, quote: f.quote })),
      ),
    );
  }
  return out;
}
