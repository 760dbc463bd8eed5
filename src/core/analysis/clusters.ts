/**
 * @module Story clusters: reports telling the same story share a cluster, and every report stays
 * as evidence, so "2 outlets" can be said and the originator counted once. One story is: the
 * same text re-issued, parts of one series, one actor using the same malware within a window,
 * one CVE cluster, or one malware wave told in similar words; otherwise a weighted likeness of
 * main actor, originating team, named entities and vocabulary.
 */
import type { Mention } from '../model/analysis.ts';
import { foldForTerms, tokenize } from '../text/terms.ts';
import { forEachWordRun } from '../text/word-runs.ts';

export const STORY_WINDOW_DAYS = 7;
/** Parts of a series are often a week or two apart; a month bounds "the same series". */
export const SERIES_WINDOW_DAYS = 30;
const JOIN_THRESHOLD = 0.55;
const DAY = 86_400_000;

export interface StoryProfile {
  reportId: string;
  clusterId: string | null;
  /** Publication instant, or ingest instant when the source gives none. */
  at: string;
  /** The title without its part marker ("... - Part 2" -> "..."), lower-cased; null without a title. */
  series: { stem: string; marked: boolean } | null;
  primaryActor: string | null;
  topOriginator: string | null;
  topMalware: string | null;
  actors: Set<string>;
  malware: Set<string>;
  cves: Set<string>;
  keyEntities: Set<string>;
  /** Word counts of the story's text, read when first compared (most reports are never compared). */
  readonly terms: Map<string, number>;
  /** Word counts of the opening only: cheap keys for finding which reports to compare. */
  readonly opening: Map<string, number>;
}

/** Why two reports were judged one story; null when they were not. */
export type StoryRule =
  | 'same text'
  | 'one series'
  | 'same actor and malware'
  | 'same CVE cluster'
  | 'same malware wave'
  | 'alike';

const STOP = new Set(
  'the a an and or of to in on for with by at from as is was were are be been has have had that this it its their they which who said says also after before into over about than more most not but'.split(
    ' ',
  ),
);

/**
 * What a story is about is said in its first pages; the rest of a long report is mostly indicator
 * tables and appendices, which cost time to read and say little about which story it is.
 */
const STORY_TEXT_CHARS = 10_000;
const OPENING_CHARS = 1_500;

/** Whether a word is only ASCII digits (a number, not a term). */
function allDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return word.length > 0;
}

/** Counts of the words `tokenize` gives, less short words, stop words and numbers. */
function termVector(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const folded = foldForTerms(text.slice(0, STORY_TEXT_CHARS));
  // Counted as the words are found: a vector is made for every report of a day's briefing.
  forEachWordRun(folded, (start, end) => {
    if (end - start < 3) return;
    const word = folded.slice(start, end);
    if (STOP.has(word) || allDigits(word)) return;
    out.set(word, (out.get(word) ?? 0) + 1);
  });
  return out;
}

/** Sum of squared counts per word vector, kept with the vector: a report is compared many times. */
const SQUARES = new WeakMap<Map<string, number>, number>();

function squares(terms: Map<string, number>): number {
  let sum = SQUARES.get(terms);
  if (sum === undefined) {
    sum = 0;
    for (const v of terms.values()) sum += v * v;
    SQUARES.set(terms, sum);
  }
  return sum;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  // Walk the smaller map: the products are whole numbers, so the sum is the same in any order.
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w) dot += v * w;
  }
  const na = squares(a);
  const nb = squares(b);
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

function shares(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function topOf(mentions: Mention[], kind: Mention['kind']): string | null {
  const counts = new Map<string, number>();
  for (const m of mentions)
    if (m.kind === kind) counts.set(m.canonical, (counts.get(m.canonical) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

const NUMBER_WORD = '\\d{1,2}|[ivx]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten';
/** "Part 2", "pt. II", "Episode 3", "#2", "(2)", or a trailing roman numeral ("Dropper II"). */
const PART_MARKER = new RegExp(
  `\\s*[-–—:,(|]*\\s*(?:\\b(?:part|pt\\.?|episode|chapter|vol\\.?|volume)\\s*(?:${NUMBER_WORD})\\b|#\\d{1,2}\\b|\\(\\d{1,2}\\))\\s*\\)?`,
  'i',
);
const TRAILING_ROMAN = /\s+(?:I|II|III|IV|V|VI|VII|VIII)$/;

/** The series a title belongs to: its words before (or without) a part marker. */
export function seriesOf(title: string): { stem: string; marked: boolean } | null {
  const clean = title.trim();
  if (!clean) return null;
  const marker = PART_MARKER.exec(clean);
  let stem = clean;
  let marked = false;
  if (marker && marker.index > 0) {
    stem = clean.slice(0, marker.index);
    marked = true;
  } else if (TRAILING_ROMAN.test(clean)) {
    stem = clean.replace(TRAILING_ROMAN, '');
    marked = true;
  }
  const words = tokenize(stem);
  // "Update" or "Weekly report" alone is a column, not a series of one story.
  if (words.length < 3 && words.join(' ').length < 15) return null;
  return { stem: words.join(' '), marked };
}

export function storyProfile(input: {
  reportId: string;
  clusterId: string | null;
  at: string;
  title?: string;
  text: string;
  mentions: Mention[];
  primaryActor: string | null;
  /** The text's word counts when already known (they depend on the text alone). */
  terms?: Map<string, number> | undefined;
  /** Told the word counts when they are first computed, so a caller can keep them. */
  onTerms?: ((terms: Map<string, number>) => void) | undefined;
}): StoryProfile {
  let terms: Map<string, number> | undefined = input.terms;
  let opening: Map<string, number> | undefined;
  const names = (kind: Mention['kind']) =>
    new Set(input.mentions.filter((m) => m.kind === kind).map((m) => m.canonical));
  return {
    reportId: input.reportId,
    clusterId: input.clusterId,
    at: input.at,
    series: input.title ? seriesOf(input.title) : null,
    primaryActor: input.primaryActor ?? topOf(input.mentions, 'actor'),
    topOriginator: topOf(input.mentions, 'originator'),
    topMalware: topOf(input.mentions, 'malware'),
    actors: names('actor'),
    malware: names('malware'),
    cves: names('cve'),
    keyEntities: new Set(
      input.mentions
        .filter((m) => m.kind === 'actor' || m.kind === 'malware' || m.kind === 'cve')
        .map((m) => `${m.kind}:${m.canonical}`),
    ),
    get terms() {
      if (!terms) {
        terms = termVector(input.text);
        input.onTerms?.(terms);
      }
      return terms;
    },
    get opening() {
      opening ??= termVector(input.text.slice(0, OPENING_CHARS));
      return opening;
    },
  };
}

/** How alike two reports' stories are (0 to 1), and the rule that decided it. */
export function storyLink(a: StoryProfile, b: StoryProfile): { score: number; rule: StoryRule } {
  const days = Math.abs(Date.parse(a.at) - Date.parse(b.at)) / DAY;
  const series =
    a.series !== null &&
    b.series !== null &&
    (a.series.marked || b.series.marked) &&
    a.series.stem === b.series.stem;
  if (series && days <= SERIES_WINDOW_DAYS) return { score: 1, rule: 'one series' };
  if (days > STORY_WINDOW_DAYS) return { score: 0, rule: 'alike' };
  const words = cosine(a.terms, b.terms);
  // Nearly the same words: the same story re-issued or syndicated. Unless both name actors,
  // malware or CVEs and share none: then it is one template filled in for two stories.
  const namesAgree =
    a.keyEntities.size === 0 || b.keyEntities.size === 0 || shares(a.keyEntities, b.keyEntities);
  if (words >= 0.9 && namesAgree) return { score: 1, rule: 'same text' };
  // Below this, two reports share too few words to be one story whatever names they share.
  const related = words >= 0.15;
  // One actor seen with the same malware in one week: one campaign, however many vendors tell it.
  const mainActor =
    (a.primaryActor !== null && b.actors.has(a.primaryActor)) ||
    (b.primaryActor !== null && a.actors.has(b.primaryActor));
  if (related && mainActor && shares(a.malware, b.malware))
    return { score: 0.9, rule: 'same actor and malware' };
  // The same set of vulnerabilities (a patch wave, one exploit chain) told by several outlets.
  if (related && shares(a.cves, b.cves) && jaccard(a.cves, b.cves) >= 0.5)
    return { score: 0.85, rule: 'same CVE cluster' };
  if (a.topMalware !== null && a.topMalware === b.topMalware && words >= 0.35)
    return { score: 0.75, rule: 'same malware wave' };
  const entities = jaccard(a.keyEntities, b.keyEntities);
  // Two different stories by one vendor about one actor in one week share little vocabulary.
  if (!related && entities < 0.5) return { score: 0, rule: 'alike' };
  const sameActor = a.primaryActor !== null && a.primaryActor === b.primaryActor ? 1 : 0;
  const sameOriginator = a.topOriginator !== null && a.topOriginator === b.topOriginator ? 1 : 0;
  return {
    score: 0.3 * sameActor + 0.3 * sameOriginator + 0.2 * entities + 0.2 * words,
    rule: 'alike',
  };
}

/** How alike two reports' stories are, from 0 to 1. */
export function storySimilarity(a: StoryProfile, b: StoryProfile): number {
  return storyLink(a, b).score;
}

/** Whether two reports tell one story, and by which rule. */
export function sameStory(a: StoryProfile, b: StoryProfile): StoryRule | null {
  const link = storyLink(a, b);
  return link.score >= JOIN_THRESHOLD ? link.rule : null;
}

/** The cluster a new report joins: the most similar earlier story above the bar, else its own. */
export function chooseCluster(report: StoryProfile, earlier: StoryProfile[]): string {
  let best: { clusterId: string; score: number } | undefined;
  for (const other of earlier) {
    const score = storySimilarity(report, other);
    if (score >= JOIN_THRESHOLD && (!best || score > best.score)) {
      best = { clusterId: other.clusterId ?? other.reportId, score };
    }
  }
  return best?.clusterId ?? report.reportId;
}
