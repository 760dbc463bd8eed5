/**
 * @module Reading a question, for every engine: what it asks (the intent), about whom (actors,
 * malware, identifiers, places and sectors, resolved through the catalog and the store), what
 * narrows it (the other content words), over which reporting period, and whether it points back
 * at the thread's subject ("they").
 */
import { resolveActor } from '../analysis/actor-dossier.ts';
import type { AnalysisView } from '../analysis/analysis-service.ts';
import { countryNames } from '../analysis/lexicon/lexicon.ts';
import type { EntityKind } from '../model/analysis.ts';
import type { AnalysisReadStore } from '../ports/analysis-store.ts';
import { refang } from '../text/defang.ts';
import { type Phrase, queryPhrases, tokenize } from '../text/terms.ts';
import { type TimeWindow, timeWindow } from '../text/time-window.ts';
import { detectIntent, type Intent, nameCandidate } from './intents.ts';

export interface NamedThing {
  kind: EntityKind;
  canonical: string;
  surface: string;
  /** Every way reports may write it: as asked, its canonical name, aliases, a country's adjectives. */
  forms: Phrase[];
}

export interface Question {
  text: string;
  intent: Intent;
  /** What a second clause asks besides ("Who is behind X, and what do they install?"), if another kind. */
  also: Intent | null;
  /** Actors the question names, resolved to canonical names, in order. */
  actors: string[];
  /** Malware and tools it names. */
  software: NamedThing[];
  /** CVE ids, ATT&CK technique ids and indicators it names (indicators refanged). */
  identifiers: NamedThing[];
  /** Sectors, regions, countries and technologies it names. */
  topics: NamedThing[];
  /** Content words besides the names and the question's form: what narrows the answer. */
  terms: Phrase[];
  /** Capitalised names among them ("SolarWinds", "Malwarebytes"): an answer should hold them. */
  proper: Phrase[];
  /** The reporting period asked about ("this week"), if any. */
  window: TimeWindow | null;
  /** "these days", "currently", "nowadays": what the newest reports say. */
  recent: boolean;
  /** A capitalised word left over that may be a name nobody knows. */
  unknownName: string | null;
  /** It refers back to the thread's subject ("they", "the group"). */
  pronoun: boolean;
}

export interface QuestionDeps {
  store: Pick<AnalysisReadStore, 'knownEntities'>;
  /** The catalog as far as the asking destination's clearance goes. */
  analysis: AnalysisView;
}

const CALENDAR_WORD =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

const RECENT = /\b(?:these days|nowadays|currently|lately|right now|at the moment|still)\b/i;

/** A form word, or an inflection of one ("dropping", "targeted", "uses"). */
function isFormWord(word: string): boolean {
  if (FORM_WORDS.has(word)) return true;
  const stems = [
    word.replace(/(?:ing|ed|es|s)$/, ''),
    word.replace(/(?:ing|ed)$/, 'e'),
    word.replace(/(\w)\1ing$/, '$1'),
  ];
  return stems.some((s) => s.length >= 3 && FORM_WORDS.has(s));
}

export const PRONOUN =
  /\b(?:they|them|their|theirs|it|its|this group|the group|this actor|that group|these guys|this one)\b/i;

/** Words that say what kind of answer is wanted (the intent), not what it is about. */
const FORM_WORDS = new Set(
  (
    'what which who whom whose when where why how did does do is are was were be been being has have ' +
    'had they them their it its the a an of about tell me more please there any anything some all ' +
    'group groups actor actors threat hackers behind responsible use uses using used malware tools tool ' +
    'toolset target targets targeting targeted attack attacks attacked victims victim sector sectors ' +
    'industry industries country countries region regions active since first seen when timeline iocs ' +
    'ioc indicators indicator hashes hash domains domain ips ip infrastructure c2 techniques technique ' +
    'ttps ttp tactics att ck mitre map mapped mapping according report reports reported say says said ' +
    'know known latest recent recently new news lately show give list find can could would should you ' +
    'we us our your i my and or but with from to in on at by for into over this that these those ' +
    'attribution attributed sponsor sponsored state country nation affiliated linked tied behind else ' +
    'profile overview summary summarize describe background compare versus vs deploy deployed deploys ' +
    'drop drops dropped distribute distributes distributed deliver delivers delivered exploit exploits ' +
    'exploited exploiting vulnerability vulnerabilities cve cves operate operates operating operation ' +
    'still really them stored any seen week weeks month months year years day days hours today yesterday ' +
    'last past might may could would should must shall will can really actually exactly ' +
    'ever also just only long far back ago hit hits struck breach breached compromise compromised ' +
    'land lands landed geographic geographically geography'
  ).split(' '),
);

/** Reads a question; names are resolved through the catalog and the names stored reports use. */
export async function readQuestion(deps: QuestionDeps, text: string, now: Date): Promise<Question> {
  const question = text.trim();
  // Chat is typed in lower case: "ta544", "apt 28", "unc2452" are the names TA544, APT 28, UNC2452.
  const typed = question.replace(/\b(?:ta|apt|unc|fin|tag|dev|storm|uac)[- ]?\d{1,5}\b/gi, (id) =>
    id.toUpperCase(),
  );
  const mentions = deps.analysis.analyze({ text: typed }).mentions;
  const actors: string[] = [];
  for (const m of mentions.filter((x) => x.kind === 'actor')) {
    const resolved = (await resolveActor(deps.store, deps.analysis, m.canonical)) ?? m.canonical;
    if (!actors.includes(resolved)) actors.push(resolved);
  }
  const formsOf = (kind: EntityKind, canonical: string, surface: string): Phrase[] => {
    const entry =
      kind === 'malware' || kind === 'tool' ? deps.analysis.catalog.find(canonical) : undefined;
    const names = [
      surface,
      canonical,
      ...(entry ? [entry.name, ...entry.aliases] : []),
      ...(kind === 'country' ? countryNames(canonical) : []),
    ];
    const seen = new Set<string>();
    // "Olympic Destroyer" is also written "OlympicDestroyer", "NET-STAR" "NetStar".
    return names
      .flatMap((n) => {
        const tokens = tokenize(n);
        return tokens.length > 1 ? [tokens, [tokens.join('')]] : [tokens];
      })
      .filter((p) => p.length > 0 && !seen.has(p.join(' ')) && Boolean(seen.add(p.join(' '))));
  };
  const named = (kinds: EntityKind[]): NamedThing[] =>
    mentions
      .filter((m) => kinds.includes(m.kind))
      .map((m) => {
        const canonical = m.kind === 'indicator' ? refang(m.canonical) : m.canonical;
        return {
          kind: m.kind,
          canonical,
          surface: m.surface,
          forms: formsOf(m.kind, canonical, m.surface),
        };
      })
      .filter((m, i, all) => all.findIndex((x) => x.canonical === m.canonical) === i);
  // "who's behind Winnti?": a name that is both a group and its malware means the group when
  // the question asks what groups do.
  const actorish = ['attribution', 'targets', 'when', 'profile', 'who-targets', 'compare'];
  if (actorish.includes(detectIntent(question).type)) {
    for (const m of mentions.filter((x) => x.kind === 'malware' || x.kind === 'tool')) {
      const actor = deps.analysis.catalog.find(m.surface, 'actor');
      if (actor && !actors.includes(actor.name)) {
        actors.push(actor.name);
        m.kind = 'actor';
      }
    }
  }
  const software = named(['malware', 'tool']);
  const identifiers = named(['cve', 'technique', 'indicator']);
  const topics = named(['sector', 'region', 'country', 'technology']);
  const candidate = nameCandidate(question);
  if (actors.length === 0 && candidate) {
    // Names the extractor cannot recognise by shape may still be in the store, coined by a report
    // ("the HydroJiin campaign", "the Wavewalker gang"): the whole leftover, then each capitalised run.
    const runs = [
      candidate,
      ...(question.match(/\b[\p{Lu}][\p{L}\d-]*(?:\s+[\p{Lu}][\p{L}\d-]*)*/gu) ?? []),
    ];
    for (const run of runs) {
      const resolved = await resolveActor(deps.store, deps.analysis, run);
      if (resolved) {
        actors.push(resolved);
        break;
      }
    }
  }
  // Names answered by their own means (actors, malware, identifiers, places, sectors) leave the
  // word list; others ("Malwarebytes", "SOAS") stay: they are what narrows the answer.
  const HANDLED = new Set([
    'actor',
    'malware',
    'tool',
    'cve',
    'technique',
    'indicator',
    'sector',
    'region',
    'country',
    'technology',
  ]);
  const namedWords = new Set(
    mentions
      .filter((m) => HANDLED.has(m.kind))
      .flatMap((m) => m.surface.toLowerCase().split(/[^\p{L}\p{N}]+/u))
      .filter(Boolean),
  );
  const terms = queryPhrases(question)
    .map((p) => p.filter((w) => w.length > 1))
    // "termination-phishing": an ordinary hyphenated compound is two words reports may write apart;
    // identifiers joined by punctuation ("CL-STA-0043") stay one phrase.
    .flatMap((p) =>
      p.length > 1 && p.every((w) => /^[a-z]{3,}$/.test(w)) ? p.map((w) => [w]) : [p],
    )
    .filter((p) => p.length > 0 && !p.every((w) => isFormWord(w) || namedWords.has(w)));
  let intent = detectIntent(question);
  // "who hit the Düsseldorf University Clinic?" asks about one event, not who targets a sector.
  const topicWords = new Set(
    topics.flatMap((t) => t.surface.toLowerCase().split(/[^\p{L}\p{N}]+/u)),
  );
  if (intent.type === 'who-targets' && terms.some((p) => !p.every((w) => topicWords.has(w))))
    intent = { type: 'attribution' };
  // A capitalised word left over may be a name nobody knows, when the question is about little else.
  const leftover = candidate
    .split(' ')
    .filter((w) => /^[\p{Lu}\d]/u.test(w) && !namedWords.has(w.toLowerCase()));
  const leftoverWords = new Set(leftover.flatMap((w) => w.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  const aboutLittleElse = terms.filter((p) => !p.every((w) => leftoverWords.has(w))).length <= 1;
  // Capitalised words inside the question (not its first word) name something specific; months
  // and weekdays are capitalised by spelling, not because they name anything.
  const proper = [...question.matchAll(/(?<=\S\s+)([\p{Lu}][\p{L}\d]*(?:[-.][\p{L}\d]+)*)/gu)]
    .filter((m) => !CALENDAR_WORD.test(m[1]!))
    .map((m) => tokenize(m[1]!))
    .filter((p) => p.length > 0 && terms.some((t) => t.join(' ') === p.join(' ')));
  // "China Telecom", "Saudi Aramco": a capitalised run that holds a place or sector word is the
  // name of something else (a company, an agency), asked about as a whole.
  for (const m of question.matchAll(/(?<=\S\s+)[\p{Lu}][\p{L}\d]*(?:\s+[\p{Lu}][\p{L}\d]*)+/gu)) {
    const run = tokenize(m[0]);
    const onePlace = topics.some((t) => t.forms.some((f) => f.join(' ') === run.join(' ')));
    if (run.some((w) => topicWords.has(w)) && !onePlace && !run.some((w) => CALENDAR_WORD.test(w)))
      proper.push(run);
  }
  return {
    text: question,
    intent,
    also: secondIntent(question, intent),
    proper,
    actors,
    software,
    identifiers,
    topics,
    terms,
    window: timeWindow(question, now),
    recent: RECENT.test(question),
    unknownName:
      actors.length === 0 && software.length === 0 && leftover.length && aboutLittleElse
        ? leftover.join(' ')
        : null,
    pronoun: PRONOUN.test(question),
  };
}

/** Kinds of answer a second clause may add to the first: lists a report or a dossier holds. */
const ADDED = new Set<Intent['type']>([
  'tools',
  'targets',
  'when',
  'techniques',
  'indicators',
  'vulnerabilities',
]);

/** The intent of a question's second clause ("..., and what do they install?"), when it differs. */
function secondIntent(question: string, first: Intent): Intent | null {
  const clause =
    /(?:,\s*|\s)(?:and|but|also)\s+((?:what|which|who|whom|when|where|how|since)\b.*)$/i.exec(
      question,
    );
  if (!clause) return null;
  const second = detectIntent(clause[1]!);
  return second.type !== first.type && ADDED.has(second.type) ? second : null;
}
