/**
 * @module Who each sentence is about. A sentence that names an actor is about that actor; one
 * that says "the group", "this actor" or "they" is about the actor in scope: named earlier in the
 * same paragraph, else in the section's heading (or its parent's), else the report's one actor.
 * A sentence naming another actor is never counted for the actor in scope.
 */
import type { Mention } from '../model/analysis.ts';
import {
  blockIndexAt,
  type DocSentence,
  type DocumentModel,
  headingText,
} from '../text/document.ts';

/** How the subject was found, strongest first. */
export type ScopeVia = 'named' | 'anaphor' | 'context';

export interface SentenceScope {
  sentence: DocSentence;
  /** Distinct actors named in the sentence, in order of appearance. */
  named: string[];
  /** The actor the sentence is about, or null when it is about no actor in particular. */
  subject: string | null;
  via: ScopeVia | null;
  /** Mentions inside the sentence (every kind), in order. */
  mentions: Mention[];
}

export const ANAPHOR =
  /\b(?:(?:the|this|that|these|said) (?:(?:threat|APT|cybercrime|criminal|espionage|state[- ]sponsored|ransomware|hacking) )?(?:group|actors?|hackers|attackers|operators|intruders|gang|crew|adversary|cluster|APT|spies|cybercriminals|affiliates?)|they|their|them|the same (?:group|actor))\b/i;

/** Sentences about the wider scene, not the actor in scope ("other groups", "many actors"). */
const ELSEWHERE =
  /\b(?:(?:other|another|several|many|multiple|various|numerous) (?:threat )?(?:actors?|groups|gangs|operators|APTs?|adversaries)|amid|run of|earlier this (?:week|month|year)|in (?:a|another) separate)\b/i;

/** A section about the wider scene ("Broader pattern", "Other actors", "Related research"). */
const ELSEWHERE_HEADING =
  /\b(?:broader|wider|other|related|similar|previous|earlier|background|references?|about (?:us|the author))\b/i;

/** An unnamed actor of its own: "DPRK threat actors", "a Chinese group", "Russian-speaking cybercriminals". */
const UNNAMED_ACTOR =
  /\b(?:a|an|some|[\p{Lu}][\p{L}-]*|\p{Lu}{2,5})\s+(?:(?:state[- ]sponsored|nation[- ]state|threat|hacking|espionage|cybercrime|criminal|APT)\s+)?(?:group|groups|actors?|hackers|cybercriminals|gangs?|operators)\b/u;

/** The words UNNAMED_ACTOR ends in: a sentence without any cannot match it. */
const ACTOR_WORD = /(?:group|actor|hackers|cybercriminals|gang|operators)/;

/** Before an actor's name: the sentence only compares with it ("similar to TA505", "like APT28"). */
const REFERENCE =
  /\b(?:similar to|like|unlike|such as|resembl\w+|correlat\w+ (?:with|to)|reminiscent of|overlaps? with|compared (?:to|with)|previously (?:attributed|linked) to|formerly|as opposed to|rather than|instead of|mistaken for|confused with|posing as|impersonat\w+|pretend\w* to be|claim\w* to be|as seen in)\s+(?:the\s+)?(?:[\w*_'’-]+\s+){0,7}[*_"“]*$/i;

function actorsIn(mentions: Mention[], text?: string): string[] {
  const out: string[] = [];
  for (const m of mentions) {
    if (m.kind !== 'actor' || out.includes(m.canonical)) continue;
    if (text && REFERENCE.test(text.slice(Math.max(0, m.start - 90), m.start))) continue;
    out.push(m.canonical);
  }
  return out;
}

/** Mentions inside [start, end), assuming `mentions` is sorted by start. */
function within(mentions: Mention[], start: number, end: number, from = 0): Mention[] {
  const out: Mention[] = [];
  for (let i = from; i < mentions.length; i++) {
    const m = mentions[i]!;
    if (m.start >= end) break;
    if (m.start >= start && m.end <= end) out.push(m);
  }
  return out;
}

function firstIndexAtOrAfter(mentions: Mention[], at: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The scope of every sentence of a document. `reportActor` is the actor the report is mostly
 * about, if one dominates; it is used only where no other actor is named in the section.
 */
export function sentenceScopes(
  doc: DocumentModel,
  mentions: Mention[],
  reportActor: string | null,
): SentenceScope[] {
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  // The actor each section's heading names; a subsection inherits its parent's.
  const headingActor: (string | null)[] = doc.sections.map(() => null);
  doc.sections.forEach((section, i) => {
    const block = section.heading >= 0 ? doc.blocks[section.heading] : undefined;
    const named = block
      ? actorsIn(within(sorted, block.start, block.end, firstIndexAtOrAfter(sorted, block.start)))
      : [];
    headingActor[i] =
      named.length === 1
        ? named[0]!
        : section.parent >= 0
          ? (headingActor[section.parent] ?? null)
          : null;
  });
  const singleActorReport =
    new Set(sorted.filter((m) => m.kind === 'actor').map((m) => m.canonical)).size === 1;
  // Actors named anywhere in each section, to know when the report's actor may stand in.
  const sectionActors = doc.sections.map(() => new Set<string>());
  for (const m of sorted) {
    if (m.kind !== 'actor') continue;
    const block = doc.blocks[blockIndexAt(doc, m.start)];
    if (block) sectionActors[block.section]!.add(m.canonical);
  }

  const scopes: SentenceScope[] = [];
  let carry: { block: number; actor: string } | undefined;
  // Sections about the wider scene, or headed by a malware family and not naming the actor in
  // scope ("### RustyBuer"), bind nothing by context.
  const aside = doc.sections.map((section, i) => {
    if (section.heading < 0 || headingActor[i]) return false;
    if (ELSEWHERE_HEADING.test(headingText(doc, i))) return true;
    const block = doc.blocks[section.heading]!;
    const inHeading = within(
      sorted,
      block.start,
      block.end,
      firstIndexAtOrAfter(sorted, block.start),
    );
    return (
      inHeading.some((m) => m.kind === 'malware' || m.kind === 'tool') &&
      sectionActors[i]!.size === 0
    );
  });
  for (const sentence of doc.sentences) {
    const inside = within(
      sorted,
      sentence.start,
      sentence.end,
      firstIndexAtOrAfter(sorted, sentence.start),
    );
    const mentioned = actorsIn(inside);
    const named = mentioned.length ? actorsIn(inside, doc.text) : mentioned;
    let subject: string | null = null;
    let via: ScopeVia | null = null;
    if (named.length) {
      subject = named[0]!;
      via = 'named';
      carry = { block: sentence.block, actor: named.at(-1)! };
    } else if (mentioned.length === 0 && !aside[sentence.section]) {
      // Only sentences naming no actor need their words read.
      const body = doc.text.slice(sentence.start, sentence.end);
      if (!ELSEWHERE.test(body)) {
        const others = sectionActors[sentence.section]!;
        const anaphoric = ANAPHOR.test(body);
        const sameParagraph = carry && carry.block === sentence.block ? carry.actor : null;
        const soleInSection = anaphoric && others.size === 1 ? [...others][0]! : null;
        const reportWide =
          reportActor && (others.size === 0 || (others.size === 1 && others.has(reportActor)))
            ? reportActor
            : null;
        // "DPRK threat actors used ...": another, unnamed actor; only a one-actor report owns it.
        const otherActor = !anaphoric && ACTOR_WORD.test(body) && UNNAMED_ACTOR.test(body);
        subject = otherActor
          ? reportWide && singleActorReport
            ? reportWide
            : null
          : (sameParagraph ?? headingActor[sentence.section] ?? soleInSection ?? reportWide);
        if (subject) via = anaphoric ? 'anaphor' : 'context';
      }
    }
    scopes.push({ sentence, named, subject, via, mentions: inside });
  }
  return scopes;
}
