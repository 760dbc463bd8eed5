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

/** The fact kinds a change can be about: what a briefing reads of an actor's earlier reports. */
export const CHANGE_KINDS = Object.keys(VERB) as FactKind[];

const factKey = (f: SourcedFact) => `${f.kind}:${f.value.toLowerCase()}`;

export function whatChanged(input: {
  facts: StoryFacts;
  /** Actors named in reports this destination saw before the period. */
  seenBefore: Set<string>;
  /** Every visible fact about the story's actors, today's and earlier. */
  actorFacts: SourcedFact[];
  from: string;
  book: CitationBook;
}): AnswerClaim[] {
  const out: AnswerClaim[] = [];
  for (const actor of input.facts.actors.filter((a) => input.seenBefore.has(a)).slice(0, 2)) {
    const mine = (f: SourcedFact) => aliasKey(f.subject) === aliasKey(actor) && VERB[f.kind];
    const known = new Set(
      input.actorFacts.filter((f) => mine(f) && f.report.ingestedAt < input.from).map(factKey),
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
