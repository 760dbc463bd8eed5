/**
 * @module Attribution claims at sentence level: who (an actor), what relation (attributed to,
 * state-sponsored by, linked to, operating for), to whom (a country, an agency, another actor),
 * how firmly, with what stance, and on whose finding.
 */
import type { Claim, Mention, Relation } from '../../model/analysis.ts';
import type { Span } from '../../text/sentences.ts';
import { isCapital, isDemonym, originatorByName } from '../lexicon/lexicon.ts';
import type { ScopeVia } from '../scope.ts';
import { findAgencies } from './agencies.ts';
import { classifyStance, classifyWording } from './wording.ts';

export interface SentenceContext {
  text: string;
  sentence: Span;
  /** Mentions inside the sentence, by offset. */
  mentions: Mention[];
  /** The actor the sentence's scope gives ("the group" in a section about TA800), and how. */
  scope: { subject: string | null; via: ScopeVia | null };
  /** Originator for this sentence (its own, or carried over from the paragraph or report). */
  originator: string | null;
  /** The country an actor is known to work for, when the catalog says. */
  knownCountry?: (actor: string) => string | null;
}

/** Words pointing back at the actor; a bare "its" ("China increased its ties") points anywhere. */
const ANAPHOR =
  /\b(?:the (?:group|hackers|attackers|actors?|threat actors?|operators|intruders|gang|crew|campaign|apt|adversary|cluster|spies)|they|these hackers|this group|this actor|the same group|(?:its|their) (?:operators|developers|members|actors|hackers|activity|campaigns?|operations?)|the (?:activity|intrusions?|attacks?|operation|campaign|breach|hack))\b/i;
/** "in Riyadh", "across Asia": a place where something happened, not who did it. */
const LOCATIVE =
  /\b(?:in|at|across|throughout|inside|within|near|around|from|into|against|targeting|targeted|on)\s+(?:the\s+)?$/i;
/** Sentences about other actors or the wider scene do not speak for the report's main actor. */
const ELSEWHERE =
  /\b(?:other|another|amid|broader|wider|separate|separately|earlier this|run of|similar|many)\b/i;

const STATE_WORDS =
  /state[- ](?:sponsored|backed|linked|aligned|affiliated|directed)|government[- ](?:backed|sponsored|linked)|nation[- ]state|military|intelligence|spy agency/i;
const ACTOR_NOUN =
  /^(?:\s*\([^)]{1,24}\))?(?:\s*(?:cyber|state[- ](?:sponsored|backed|linked|aligned|affiliated)|government[- ](?:backed|sponsored|linked|affiliated|aligned)|military|intelligence|nation[- ]state|cyber(?:-| )?espionage|espionage|hacking|APT|threat|advanced persistent threat))*\s*(?:hackers?|hacking group|group|groups|actors?|threat actors?|APTs?|spies|cyberspies|cyber ?spies|operators|intrusion set|espionage group|gang|crew|adversar(?:y|ies)|operatives|intelligence services?)\b/i;
const VOICE_AFTER =
  /^\s*(?:'s\s+)?(?:authorities|officials|government(?![- ](?:backed|sponsored|linked|affiliated|aligned|directed))|agencies|intelligence agencies|prosecutors|law enforcement|investigators|Treasury|Department|courts?|police|security services|cyber agency)\b/i;
/** Nouns a nationality adjective may qualify and still name the state behind an actor. */
const STATE_NOUN =
  /^\s+(?:state|government|military|intelligence|authorities|regime|army|armed forces|security services|services|ministry|agency|agencies|spy|spies|hackers|actors?|groups?|operators|interests|nexus|cyber)\b/i;
const COMPOUND =
  /^[-‐]\s?(?:state[- ])?(sponsored|backed|linked|nexus|based|aligned|affiliated|directed|origin)\b/i;

/** After an actor's name: its campaigns, tools or files, not the actor itself. */
const CAMPAIGN_AFTER =
  /^(?:['’]s)?\s+(?:[\w-]+\s+)?(?:campaigns?|operations?|activity|attacks?|intrusions?|malware|tool(?:s|set|kit)?|files?|samples?|infrastructure|lures?|documents?|implants?)\b/i;
/** "tensions between Israel and Iran": countries as the scene, not as anyone's sponsor. */
const SCENE_BEFORE =
  /\b(?:tensions?|conflicts?|relations|rivalry|dispute|war|talks|disputes|hostilities|standoff)\s+(?:between|among|with)\s+(?:[\p{L}-]+\s+){0,4}(?:and\s+)?$/iu;

const CUES: { relation: Relation; re: RegExp }[] = [
  {
    relation: 'attributed-to',
    re: /\b(?:attribut\w*|blam(?:e|es|ed|ing)|pinned on|responsible|carried out by|conducted by|the work of|behind)\b/i,
  },
  {
    relation: 'operating-for',
    re: /\b(?:direct(?:s|ed|ing)?|controll(?:ed|ing)|controls (?:the|a|an)|runs|ran|on behalf of|working for|works for|operat\w+ (?:for|under)|under the (?:direction|control|command|auspices) of|directed by|controlled by|run by|a unit of|part of|subordinate to|belongs? to|tasked by|sponsored by|backed by|serves|serving)\b/i,
  },
  {
    relation: 'linked-to',
    re: /\b(?:link(?:s|ed|ing)?|support(?:s|ed|ing)?|tie[sd]?|tying|connect(?:s|ed|ing)?|associat(?:es|ed|ing)|aligns?|aligned|in line with|overlaps?|consistent with|nexus|interests of)\b/i,
  },
];

interface ObjectCandidate {
  object: string;
  objectKind: 'country' | 'agency' | 'actor';
  country: string | null;
  relation: Relation;
  start: number;
}

function inSentence(m: Mention, s: Span): boolean {
  return m.start >= s.start && m.end <= s.end;
}

/** Words between two offsets; an aside in brackets ("(with a moderate confidence level)") is not counted. */
function wordsBetween(text: string, from: number, to: number): number {
  const words = text.slice(from, to).replace(/\([^()]{0,80}\)/g, ' ');
  return (words.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

/** The attribution relation a cue before `at` (within a few words, same clause) expresses. */
function cueBefore(text: string, sentence: Span, at: number): Relation | undefined {
  const windowStart = Math.max(sentence.start, at - 120);
  const before = text.slice(windowStart, at);
  let best: { relation: Relation; index: number } | undefined;
  for (const cue of CUES) {
    // Most windows hold no cue: testing first skips compiling the global pattern.
    if (!cue.re.test(before)) continue;
    for (const m of before.matchAll(new RegExp(cue.re.source, 'gi'))) {
      const between = before.slice(m.index + m[0].length);
      if (/[;:]/.test(between) || wordsBetween(before, m.index + m[0].length, before.length) > 6)
        continue;
      if (!best || m.index > best.index) best = { relation: cue.relation, index: m.index };
    }
  }
  return best?.relation;
}

/**
 * How a sentence ties its subject to a country it names, if it does: "China-linked",
 * "Chinese state-sponsored group", "attributed ... to Russia". Places where something happened,
 * voices ("US authorities"), targets and names that merely contain a country do not count.
 */
function countryRelation(ctx: SentenceContext, m: Mention): Relation | undefined {
  const { text, sentence } = ctx;
  // "South Korean advanced persistent threat (APT) actor": an abbreviation in brackets is no word.
  const after = text.slice(m.end, m.end + 80).replace(/\s*\([^()]{1,12}\)/g, '');
  const lead = text.slice(Math.max(sentence.start, m.start - 30), m.start);
  const other = /\b(?:other|another)\s+$/i.test(lead);
  const compound = COMPOUND.exec(after);
  if (compound) {
    if (other) return undefined;
    const kind = compound[1]!.toLowerCase();
    if (['sponsored', 'backed', 'directed'].includes(kind)) return 'state-sponsored-by';
    return kind === 'based' || kind === 'origin' ? 'attributed-to' : 'linked-to';
  }
  // A capital speaks for its government only as "Moscow's", "Beijing-backed" or "Pyongyang's regime".
  if (isCapital(m.surface) && !/^(?:'s|’s)/.test(after) && !STATE_NOUN.test(after))
    return undefined;
  // "China-Arab States Summit": a country inside a longer name says nothing about the actor.
  if (/^[-‐]\s?\p{Lu}/u.test(after)) return undefined;
  // "US authorities say ...": the country is a voice in the sentence, not what the actor serves.
  if (VOICE_AFTER.test(after)) return undefined;
  if (LOCATIVE.test(lead) || other) return undefined;
  if (SCENE_BEFORE.test(text.slice(Math.max(sentence.start, m.start - 80), m.start)))
    return undefined;
  const cue = cueBefore(text, sentence, m.start);
  // "run by a Ukrainian energy company", "linked to the Chinese-Pakistani Economic Corridor": a
  // nationality word must qualify the state or its agents, not a company or a project's name.
  const adjectiveOnly =
    isDemonym(m.surface) &&
    /^\s+\p{L}/u.test(after) &&
    !STATE_NOUN.test(after) &&
    !ACTOR_NOUN.test(after) &&
    !ctx.mentions.some((a) => a.kind === 'actor' && a.start >= m.end && a.start <= m.end + 2);
  if (cue && !adjectiveOnly) {
    const near = text.slice(Math.max(sentence.start, m.start - 60), m.end + 40);
    // "supports Palestinian state objectives" says whose aims it serves, not who sponsors it.
    const serves = /\bsupport(?:s|ed|ing)?\b[^;:]{0,80}$/i.test(
      text.slice(Math.max(sentence.start, m.start - 100), m.start),
    );
    return cue !== 'attributed-to' && !serves && STATE_WORDS.test(near)
      ? 'state-sponsored-by'
      : cue;
  }
  const noun = ACTOR_NOUN.exec(after);
  if (!noun || !namesTheGroup(ctx, m.start, m.end + noun[0].length)) return undefined;
  return STATE_WORDS.test(noun[0]) ? 'state-sponsored-by' : 'attributed-to';
}

/**
 * Whether "a Chinese APT group" (from `start` to `end`) is the actor the sentence names: the
 * sentence names none, names one just before it ("APT27, a Chinese group"), or right after it ("the
 * Chinese group ‘Emissary Panda’"). An actor further on is something the group did or used
 * ("Chinese APT Group Leveraging Leaked Hacking Team Exploits").
 */
function namesTheGroup(ctx: SentenceContext, start: number, end: number): boolean {
  const actors = ctx.mentions.filter((a) => a.kind === 'actor' && inSentence(a, ctx.sentence));
  if (actors.length === 0) return true;
  return actors.some(
    (a) =>
      (a.end <= start && wordsBetween(ctx.text, a.end, start) <= 5) ||
      (a.start >= end && /^[\s,:(]*[‘'"“*_]*$/.test(ctx.text.slice(end, a.start))),
  );
}

/** Countries and agencies a sentence ties its subject to, with the relation that ties them. */
function objectsOf(ctx: SentenceContext, subject: string): ObjectCandidate[] {
  const { text, sentence } = ctx;
  const out: ObjectCandidate[] = [];
  const body = text.slice(sentence.start, sentence.end);
  const agencies = findAgencies(body);
  for (const agency of agencies) {
    const index = body.search(agency.pattern);
    const at = sentence.start + index;
    const cue = cueBefore(text, sentence, at);
    // "actors of the SVR", "a unit of Russia's GRU", "the GRU's Unit 74455": the agency owns the actor.
    const owned =
      /\b(?:actors?|hackers|operators|officers|unit|units|group|arm|team)\s+(?:of|from|within|in)\s+(?:the\s+)?(?:[\p{Lu}][\p{L}']*\s+){0,3}$/u.test(
        text.slice(Math.max(sentence.start, at - 60), at),
      );
    if (!cue && !owned) continue;
    const relation = !cue || cue === 'linked-to' ? 'operating-for' : cue;
    out.push({
      object: agency.name,
      objectKind: 'agency',
      country: agency.country,
      relation,
      start: at,
    });
  }
  for (const m of ctx.mentions) {
    if (!inSentence(m, sentence)) continue;
    if (m.kind === 'country') {
      const relation = countryRelation(ctx, m);
      if (relation)
        out.push({
          object: m.canonical,
          objectKind: 'country',
          country: m.canonical,
          relation,
          start: m.start,
        });
    } else if (m.kind === 'actor' && m.canonical !== subject) {
      // "TA429 (APT10)": a second name in brackets is the same actor, not a link.
      if (/^\s*\($/.test(text.slice(Math.max(sentence.start, m.start - 2), m.start))) continue;
      const cue = cueBefore(text, sentence, m.start);
      // "used as part of the DoNot Team campaigns": the other actor's work, not its membership.
      if (cue === 'operating-for' && CAMPAIGN_AFTER.test(text.slice(m.end, m.end + 30))) continue;
      if (cue)
        out.push({
          object: m.canonical,
          objectKind: 'actor',
          country: null,
          relation: cue,
          start: m.start,
        });
    }
  }
  // One claim per object: the first way the sentence ties it.
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.start - b.start)
    .filter((o) => {
      if (seen.has(o.object)) return false;
      seen.add(o.object);
      return true;
    });
}

/** Who speaks for the accused in a denial ("Chinese Embassy", "Kremlin"), and for which country. */
function denyingVoice(
  ctx: SentenceContext,
  cue: string | null,
): { country: string; voice: string } | undefined {
  const { text, sentence } = ctx;
  const body = text.slice(sentence.start, sentence.end);
  if (/\bKremlin\b/.test(body)) return { country: 'Russia', voice: 'Kremlin' };
  // "The US accused ...; this was rejected by the government of Iran": of several official
  // voices, the one nearest the denial word speaks it.
  const at = sentence.start + (cue ? Math.max(0, body.indexOf(cue)) : 0);
  const voices: { country: string; voice: string; distance: number }[] = [];
  for (const m of ctx.mentions) {
    if (m.kind !== 'country' || !inSentence(m, sentence)) continue;
    const after =
      /^\s*(?:'s\s+)?(Embassy|embassy|Foreign Ministry|foreign ministry|Ministry of Foreign Affairs|government|Government|officials?|spokes(?:wo)?man|spokesperson|mission)/.exec(
        text.slice(m.end, m.end + 40),
      );
    const before =
      /\b(Embassy|embassy|Foreign Ministry|foreign ministry|government|Government|officials|spokes(?:wo)?man|spokesperson|mission) (?:of|for) (?:the )?$/.exec(
        text.slice(Math.max(sentence.start, m.start - 40), m.start),
      );
    const office = after ?? before;
    if (office)
      voices.push({
        country: m.canonical,
        voice: `${m.surface} ${office[1]!.toLowerCase() === 'embassy' ? 'Embassy' : office[1]}`,
        // "rejected by the government of Iran": the agent of a passive denial speaks it.
        distance:
          m.start > at && /\bby\b/.test(text.slice(at, m.start)) ? -1 : Math.abs(m.start - at),
      });
  }
  const nearest = voices.sort((a, b) => a.distance - b.distance)[0];
  if (nearest) return { country: nearest.country, voice: nearest.voice };
  // "The Chinese foreign ministry denied ...": a government body of the accused state.
  for (const m of ctx.mentions) {
    if (m.kind !== 'originator' || !inSentence(m, sentence)) continue;
    const body = originatorByName(m.canonical);
    if (body?.kind === 'government' && body.country)
      return { country: body.country, voice: m.canonical };
  }
  // "China dismisses allegations": the country speaking for itself.
  for (const m of ctx.mentions) {
    if (m.kind !== 'country' || !inSentence(m, sentence)) continue;
    if (
      /^(?:'s)?\s+(?:\w+\s+){0,2}?(?:den(?:y|ies|ied)|reject(?:s|ed)?|dismiss(?:es|ed)?|refut(?:es|ed)|rebuff(?:s|ed)?)\b/i.test(
        text.slice(m.end, m.end + 40),
      )
    )
      return { country: m.canonical, voice: m.canonical };
  }
  return undefined;
}

export function subjectOf(ctx: SentenceContext): string | null {
  const actors = ctx.mentions.filter((m) => m.kind === 'actor' && inSentence(m, ctx.sentence));
  if (actors.length) return actors[0]!.canonical;
  const inScope = ctx.scope.subject;
  if (!inScope) return null;
  const body = ctx.text.slice(ctx.sentence.start, ctx.sentence.end);
  // The accused answering the report speaks about the actor in scope, named or not.
  if (classifyStance(body).stance === 'denial') return inScope;
  if (ELSEWHERE.test(body)) return null;
  // "the Chinese group" in a report about Hacking Team (Italy): a nationality the actor in scope
  // is known not to have points at someone else.
  const known = ctx.knownCountry?.(inScope);
  if (
    known &&
    ctx.mentions.some(
      (m) =>
        m.kind === 'country' &&
        m.canonical !== known &&
        inSentence(m, ctx.sentence) &&
        ACTOR_NOUN.test(ctx.text.slice(m.end, m.end + 60)),
    )
  )
    return null;
  const generic =
    ctx.scope.via === 'anaphor' ||
    ANAPHOR.test(body) ||
    (/\b(?:actors?|hackers|operators)\b/i.test(body) && findAgencies(body).length > 0) ||
    ctx.mentions.some(
      (m) =>
        m.kind === 'country' &&
        inSentence(m, ctx.sentence) &&
        ACTOR_NOUN.test(ctx.text.slice(m.end, m.end + 60)) &&
        // "seeing a Chinese cyber espionage group": an indefinite article brings in someone new.
        !/\b(?:a|an|one|another|some)\s+$/i.test(
          ctx.text.slice(Math.max(0, m.start - 12), m.start),
        ),
    );
  return generic ? inScope : null;
}

/** `subject` is subjectOf(ctx), when the caller already has it. */
export function sentenceClaims(
  ctx: SentenceContext,
  subject: string | null = subjectOf(ctx),
): Claim[] {
  if (!subject) return [];
  const { text, sentence } = ctx;
  const quote = text.slice(sentence.start, sentence.end);
  const stance = classifyStance(quote);
  const denier = stance.stance === 'denial' ? denyingVoice(ctx, stance.cue) : undefined;
  const objects = denier ? [] : objectsOf(ctx, subject);
  // Most sentences tie their subject to nothing; then how firmly they say it does not matter.
  if (!denier && objects.length === 0) return [];
  const wording = classifyWording(quote);
  const base = {
    subject,
    strength: wording.strength,
    statedConfidence: wording.statedConfidence,
    start: sentence.start,
    end: sentence.end,
    quote,
  };
  if (denier) {
    return [
      {
        ...base,
        relation: 'attributed-to',
        object: denier.country,
        objectKind: 'country',
        country: denier.country,
        stance: 'denial',
        originator: denier.voice,
        cues: [stance.cue!],
      },
    ];
  }
  const actors = ctx.mentions.filter((m) => m.kind === 'actor' && inSentence(m, sentence));
  return objects.map((o) => ({
    ...base,
    // "X is part of Lazarus Group, which authorities tie to the RGB": the RGB claim is about Lazarus.
    subject:
      actors.filter((a) => a.end <= o.start && a.canonical !== o.object).at(-1)?.canonical ??
      subject,
    relation: o.relation,
    object: o.object,
    objectKind: o.objectKind,
    country: o.country,
    stance: stance.stance === 'denial' ? 'supports' : stance.stance,
    originator: ctx.originator,
    cues: [...wording.cues, ...(stance.stance === 'disputes' && stance.cue ? [stance.cue] : [])],
  }));
}
