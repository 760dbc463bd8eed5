/**
 * @module Story clusters: reports telling the same story (same main actor and originating team,
 * within a week, with overlapping entities and words) share a cluster; every report stays as
 * evidence, so "2 outlets" can be said and the originator counted once.
 */
import type { Mention } from '../model/analysis.ts';
import { tokenize } from '../text/terms.ts';

export const STORY_WINDOW_DAYS = 7;
const JOIN_THRESHOLD = 0.55;

export interface StoryProfile {
  reportId: string;
  clusterId: string | null;
  /** Publication instant, or ingest instant when the source gives none. */
  at: string;
  primaryActor: string | null;
  topOriginator: string | null;
  keyEntities: Set<string>;
  terms: Map<string, number>;
}

const STOP = new Set(
  'the a an and or of to in on for with by at from as is was were are be been has have had that this it its their they which who said says also after before into over about than more most not but'.split(
    ' ',
  ),
);

function termVector(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const word of tokenize(text)) {
    if (word.length < 3 || STOP.has(word) || /^\d+$/.test(word)) continue;
    out.set(word, (out.get(word) ?? 0) + 1);
  }
  return out;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

function topOf(mentions: Mention[], kind: Mention['kind']): string | null {
  const counts = new Map<string, number>();
  for (const m of mentions)
    if (m.kind === kind) counts.set(m.canonical, (counts.get(m.canonical) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export function storyProfile(input: {
  reportId: string;
  clusterId: string | null;
  at: string;
  text: string;
  mentions: Mention[];
  primaryActor: string | null;
}): StoryProfile {
  return {
    reportId: input.reportId,
    clusterId: input.clusterId,
    at: input.at,
    primaryActor: input.primaryActor ?? topOf(input.mentions, 'actor'),
    topOriginator: topOf(input.mentions, 'originator'),
    keyEntities: new Set(
      input.mentions
        .filter((m) => m.kind === 'actor' || m.kind === 'malware' || m.kind === 'cve')
        .map((m) => `${m.kind}:${m.canonical}`),
    ),
    terms: termVector(input.text),
  };
}

/** How alike two reports' stories are, from 0 to 1. */
export function storySimilarity(a: StoryProfile, b: StoryProfile): number {
  const days = Math.abs(Date.parse(a.at) - Date.parse(b.at)) / 86_400_000;
  if (days > STORY_WINDOW_DAYS) return 0;
  const sameActor = a.primaryActor !== null && a.primaryActor === b.primaryActor ? 1 : 0;
  const sameOriginator = a.topOriginator !== null && a.topOriginator === b.topOriginator ? 1 : 0;
  const entities = jaccard(a.keyEntities, b.keyEntities);
  const words = cosine(a.terms, b.terms);
  // Two different stories by one vendor about one actor in one week share little vocabulary.
  if (words < 0.15 && entities < 0.5) return 0;
  // Nearly the same words: the same story re-issued or syndicated, whatever entities it names.
  if (words >= 0.8) return 1;
  return 0.3 * sameActor + 0.3 * sameOriginator + 0.2 * entities + 0.2 * words;
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
