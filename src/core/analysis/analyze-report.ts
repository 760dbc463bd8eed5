/**
 * @module Analysis of one report: entities, attribution claims and facts, each bound to the actor
 * its sentence is about (see scope.ts), ready to store.
 */
import type { Claim, Fact, Mention, ReportAnalysis } from '../model/analysis.ts';
import type { DocSentence, DocumentModel } from '../text/document.ts';
import { readDocument } from '../text/document.ts';
import type { Catalog } from './catalog/catalog.ts';
import { activityFact } from './claims/activity.ts';
import { sentenceClaims, subjectOf } from './claims/attribution.ts';
import { deniedUses, sentenceAliases, sentenceRelations } from './claims/relations.ts';
import { createVoiceTracker } from './claims/voices.ts';
import { createEntityExtractor } from './extract/extract-entities.ts';
import { keepIndicator } from './extract/indicator-context.ts';
import { originatorByName } from './lexicon/lexicon.ts';
import { sentenceScopes } from './scope.ts';

export interface AnalysisInput {
  text: string;
  title?: string | null;
  published?: string | null;
  /** Who published the report: its own findings speak with this voice when it is a research team. */
  publisher?: string | null;
}

export type Analyzer = ((input: AnalysisInput) => ReportAnalysis) & {
  /** What `analyze({ text }).mentions` gives, without working out claims and facts. */
  mentions(text: string): Mention[];
};

function counts(mentions: Mention[], kind: Mention['kind']): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of mentions)
    if (m.kind === kind) out.set(m.canonical, (out.get(m.canonical) ?? 0) + 1);
  return out;
}

/**
 * The actor a report is mostly about: named in the title; or named twice as often as any other
 * and often enough for the report's length (three times, or once per eight sentences in a short
 * text); or the only actor the report names, named early (news pieces name their subject once,
 * near the top). A name dropped once or twice late in a long report does not make it about it.
 */
export function primaryActorOf(
  mentions: Mention[],
  titleActors: string[],
  sentences: { start: number }[] = [],
): string | null {
  const tally = counts(mentions, 'actor');
  for (const a of titleActors) tally.set(a, (tally.get(a) ?? 0) + 3);
  const ranked = [...tally.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return null;
  const [top, second] = ranked;
  if (second && top![1] < 2 * second[1]) return null;
  if (titleActors.includes(top![0])) return top![0];
  // A report about malware families that names an actor in passing (once or twice) is not about it.
  const software = [...counts(mentions, 'malware').values(), ...counts(mentions, 'tool').values()];
  // A roundup of families that names several actors is about none of them.
  if ((top![1] < 3 || ranked.length >= 3) && software.some((n) => n > 2 * top![1])) return null;
  if (top![1] >= Math.min(3, Math.ceil(sentences.length / 8))) return top![0];
  const first = mentions.find((m) => m.kind === 'actor' && m.canonical === top![0])!;
  const before = sentences.filter((s) => s.start <= first.start).length;
  return !second && before <= Math.max(3, sentences.length * 0.6) ? top![0] : null;
}

/**
 * The actors a title names: those found in it alone, and those the text names that the title
 * uses ("we've dubbed the campaign HydroJiin" coins a name the title alone gives no cue for).
 */
export function titleActorsOf(title: string, inTitle: Mention[], inText: Mention[]): string[] {
  return [
    ...new Set([
      ...inTitle.filter((m) => m.kind === 'actor').map((m) => m.canonical),
      ...inText
        .filter((m) => m.kind === 'actor' && containsName(title, m.surface))
        .map((m) => m.canonical),
    ]),
  ];
}

function containsName(text: string, name: string): boolean {
  const at = text.indexOf(name);
  if (at < 0) return false;
  const before = text[at - 1] ?? ' ';
  const after = text[at + name.length] ?? ' ';
  return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
}

/**
 * Names the report itself gives one actor ("TA2722, referred to as the Balikbayan Foxes"), each
 * mapped to the name it was first given, so that counting who the report is about counts both;
 * with the alias facts that say so.
 */
function namesOfOneActor(
  sentences: DocSentence[],
  mentions: Mention[],
  text: string,
): { first: Map<string, string>; aliases: Fact[] } {
  const actors = mentions.filter((m) => m.kind === 'actor').sort((a, b) => a.start - b.start);
  const first = new Map<string, string>();
  const aliases: Fact[] = [];
  const root = (name: string): string => {
    let at = name;
    while (first.has(at) && first.get(at) !== at) at = first.get(at)!;
    return at;
  };
  for (const sentence of sentences) {
    const inside = actors.filter((m) => m.start >= sentence.start && m.end <= sentence.end);
    if (inside.length < 2) continue;
    for (const f of sentenceAliases({ sentence, mentions: inside }, text)) {
      aliases.push(f);
      const [a, b] = [root(f.subject), root(f.value)];
      if (a === b) continue;
      // The name met first in the text keeps the others.
      const order = (n: string) => actors.findIndex((m) => m.canonical === n);
      if (order(a) <= order(b)) first.set(b, a);
      else first.set(a, b);
    }
  }
  return { first: new Map([...first.keys()].map((k) => [k, root(k)])), aliases };
}

/**
 * The text with what is markup rather than prose blanked (offsets kept): inline base64 data, and
 * a Markdown link's title ('[TA505](/post "From Dridex to GlobeImposter")'), which names another
 * page's subject.
 */
function withoutInlineData(text: string): string {
  return text
    .replace(/data:[\w/+.-]*;base64[\w-]*,[A-Za-z0-9+/=\s]*/g, (m) => ' '.repeat(m.length))
    .replace(
      /(\]\([^\s()]+)(\s+(?:"[^"\n]*"|'[^'\n]*'))(?=\))/g,
      (_, link: string, title: string) => link + ' '.repeat(title.length),
    );
}

export function createAnalyzer(catalog: Catalog): Analyzer {
  const extract = createEntityExtractor(catalog);
  const knownCountry = (actor: string) => catalog.find(actor, 'actor')?.country ?? null;
  /**
   * The entities of the last report's title: placing the report in its story next asks for the
   * title's mentions, and reading the title again would find the same ones.
   */
  let lastTitle: { text: string; found: Mention[] } | undefined;
  const extractOnce = (text: string): Mention[] => {
    const known = lastTitle?.text === text ? lastTitle.found : undefined;
    lastTitle = undefined;
    return known ? known.map((m) => ({ ...m })) : extract(text);
  };
  /** The mentions of `text` as analysis keeps them (markup blanked, stray indicators dropped). */
  const mentionsOf = (text: string, doc?: DocumentModel): Mention[] => {
    // The document is read only when an indicator needs it (a title has none, mostly).
    let read = doc;
    const document = () => {
      read ??= readDocument(text);
      return read;
    };
    return extractOnce(withoutInlineData(text)).filter(
      (m) => m.kind !== 'indicator' || keepIndicator(text, document(), m),
    );
  };
  const analyze = ({ text, title, published, publisher }: AnalysisInput): ReportAnalysis => {
    lastTitle = undefined;
    const doc = readDocument(text);
    const mentions = mentionsOf(text, doc);
    // "TA2722, referred to as the Balikbayan Foxes": one actor under two names, in this report.
    const { first: oneActor, aliases } = namesOfOneActor(doc.sentences, mentions, text);
    const inTitle = title ? extract(title) : [];
    const titleActors = title ? titleActorsOf(title, inTitle, mentions) : [];
    const primaryActor = primaryActorOf(
      oneActor.size
        ? mentions.map((m) => ({ ...m, canonical: oneActor.get(m.canonical) ?? m.canonical }))
        : mentions,
      titleActors.map((a) => oneActor.get(a) ?? a),
      doc.sentences,
    );
    const publisherKind = publisher ? (originatorByName(publisher)?.kind ?? 'vendor') : null;
    const voices = createVoiceTracker(
      text,
      mentions,
      publisherKind !== null && publisherKind !== 'media',
    );

    const claims: Claim[] = [];
    const facts: Fact[] = [];
    const scopes = sentenceScopes(doc, mentions, primaryActor).map((scope) => {
      const originator = voices.originatorOf(scope.sentence, scope.mentions);
      const ctx = {
        text,
        sentence: scope.sentence,
        mentions: scope.mentions,
        scope,
        originator,
        knownCountry,
      };
      // Who the sentence speaks about, worked out once for its claims and its facts.
      const subject = subjectOf(ctx);
      claims.push(...sentenceClaims(ctx, subject));
      return { scope, ctx, subject };
    });
    // A country the report names as an actor's sponsor is not also its target.
    const sponsors = new Set(
      claims.flatMap((c) => (c.country && c.stance === 'supports' ? [c.country] : [])),
    );
    for (const { scope, ctx, subject: subjectInScope } of scopes) {
      const { sentence } = scope;
      facts.push(...sentenceRelations(scope, { text, sponsors, originator: ctx.originator }));
      // "FlawedGrace was first seen in 2017" dates the malware, not the actor in scope.
      const aboutSoftware =
        scope.named.length === 0 &&
        scope.via !== 'anaphor' &&
        scope.mentions.some((m) => m.kind === 'malware' || m.kind === 'tool');
      const subject = aboutSoftware
        ? null
        : (subjectInScope ?? (scope.via === 'context' ? scope.subject : null));
      if (subject) {
        const fact = activityFact(
          subject,
          text.slice(sentence.start, sentence.end),
          sentence.start,
          published ?? null,
          ctx.originator,
        );
        if (fact) facts.push(fact);
      }
    }
    const denied = new Set(scopes.flatMap(({ scope }) => deniedUses(scope, text)));
    const kept = denied.size
      ? facts.filter(
          (f) => !f.kind.startsWith('uses:') || !denied.has(`${f.subject}\u0000${f.value}`),
        )
      : facts;
    if (title) lastTitle = { text: title, found: inTitle.map((m) => ({ ...m })) };
    return { mentions, claims, facts: [...kept, ...aliases] };
  };
  return Object.assign(analyze, { mentions: (text: string) => mentionsOf(text) });
}
