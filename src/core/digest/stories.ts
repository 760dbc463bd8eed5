/**
 * @module One story, one item: the period's reports grouped by their stored story cluster, then
 * clusters of the same period joined by the clustering rules (a series whose parts share no
 * names, vendors' write-ups that were clustered before the other arrived). Every report stays
 * in its story as evidence.
 */
import { primaryActorOf } from '../analysis/analyze-report.ts';
import {
  type StoryProfile,
  type StoryRule,
  sameStory,
  storyProfile,
} from '../analysis/clusters.ts';
import type { Mention } from '../model/analysis.ts';
import type { Report } from '../model/report.ts';
import type { ReportWithMentions } from '../ports/analysis-store.ts';

export interface Story {
  /** The stored cluster id of its earliest report. */
  clusterId: string;
  /** Reports, earliest first. */
  reports: Report[];
  mentions: Map<string, Mention[]>;
  /** The rules that joined stored clusters in this period ("one series" ...). */
  joinedBy: StoryRule[];
}

/** When the story happened: its publication date, never later than it reached us. */
export function storyInstant(report: Pick<Report, 'published' | 'ingestedAt'>): string {
  const published = report.published;
  return published && published < report.ingestedAt ? published : report.ingestedAt;
}

function byInstant(a: Report, b: Report): number {
  return (
    storyInstant(a).localeCompare(storyInstant(b)) ||
    a.ingestedAt.localeCompare(b.ingestedAt) ||
    a.id.localeCompare(b.id)
  );
}

/** Union-find over stored clusters numbered 0..n-1. */
class Groups {
  readonly #parent: Int32Array;
  constructor(size: number) {
    this.#parent = Int32Array.from({ length: size }, (_, i) => i);
  }
  find(x: number): number {
    const parent = this.#parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  }
  /** Joins two roots; the first stays the root. */
  join(ra: number, rb: number): void {
    this.#parent[rb] = ra;
  }
}

/** The n most frequent terms (ties by spelling), without sorting a long report's whole vocabulary. */
function topTerms(terms: Map<string, number>, n: number): string[] {
  const top: [string, number][] = [];
  const better = (a: [string, number], b: [string, number]) =>
    a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  for (const entry of terms) {
    if (top.length === n && !better(entry, top[n - 1]!)) continue;
    let at = Math.min(top.length, n - 1);
    top[at] = entry;
    while (at > 0 && better(top[at]!, top[at - 1]!)) {
      [top[at - 1], top[at]] = [top[at]!, top[at - 1]!];
      at--;
    }
  }
  return top.map(([w]) => w);
}

/** A key shared by more reports than this (a vendor's boilerplate) says nothing about a story. */
const MAX_KEY_REPORTS = 60;
/**
 * What a shared key weighs: a name (actor, malware, CVE) or a series stem is worth comparing on
 * its own; one pair of opening words is not (two outlets' openings share two frequent words by
 * chance), two pairs are (three of the six most frequent words shared).
 */
const NAME_WEIGHT = 2;
const WORDS_WEIGHT = 1;
const MIN_PAIR_WEIGHT = 2;
/**
 * Two stored clusters are compared once: through their most strongly linked reports (pairs are
 * compared strongest first). When those tell different stories, weaker pairs between the same
 * clusters are not tried; a third cluster that joins one of them is compared afresh.
 */
const TRIES_PER_CLUSTER_PAIR = 1;
/** Weights above this order as equal (ties by position). */
const MAX_WEIGHT = 1000;

/**
 * Pairs worth comparing, strongest first: reports that share a name (actor, malware, CVE), a
 * series stem, or three of the most frequent words of their opening, ordered by the weight of the
 * keys they share. Comparing every pair of a 1,000-report day is a million comparisons; these keys
 * find the same joins in a few thousand, and the strongest pairs join their stories early so that
 * weaker pairs between reports already in one story are never compared.
 */
function candidatePairs(profiles: StoryProfile[]): [number, number][] {
  const byKey = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  };
  profiles.forEach((p, i) => {
    for (const e of p.keyEntities) add(e, i);
    if (p.series) add(`series:${p.series.stem}`, i);
    const words = topTerms(p.opening, 6);
    for (let x = 0; x < words.length; x++)
      for (let y = x + 1; y < words.length; y++) add(`words:${words[x]}+${words[y]}`, i);
  });
  // Each report's keys that can pair it (shared, and not by a large part of the day).
  const keysOf: { list: number[]; weight: number }[][] = profiles.map(() => []);
  for (const [key, list] of byKey) {
    if (list.length < 2 || list.length > MAX_KEY_REPORTS) continue;
    const weight = key.startsWith('words:') ? WORDS_WEIGHT : NAME_WEIGHT;
    for (const i of list) keysOf[i]!.push({ list, weight });
  }
  // Per report, the weight it shares with each later report: small maps, one report at a time.
  // Each pair is one number that sorts heaviest first, then by x, then by y.
  const n = profiles.length;
  const order: number[] = [];
  const partners = new Map<number, number>();
  keysOf.forEach((keys, x) => {
    partners.clear();
    for (const { list, weight } of keys)
      for (const y of list) if (y > x) partners.set(y, (partners.get(y) ?? 0) + weight);
    for (const [y, weight] of partners)
      if (weight >= MIN_PAIR_WEIGHT)
        order.push((MAX_WEIGHT - Math.min(weight, MAX_WEIGHT)) * n * n + x * n + y);
  });
  return Array.from(Float64Array.from(order).sort(), (key) => {
    const pair = key % (n * n);
    return [Math.floor(pair / n), pair % n];
  });
}

/** Groups the period's reports into stories, in the order of their earliest report. */
export function groupStories(rows: ReportWithMentions[]): Story[] {
  const profiles = rows.map(({ report, mentions, clusterId }) =>
    storyProfile({
      reportId: report.id,
      clusterId,
      at: storyInstant(report),
      title: report.title,
      text: report.text,
      mentions,
      primaryActor: primaryActorOf(mentions, []),
    }),
  );
  // Stored clusters as numbers 0..m-1, so joining and "compared before" are array and number work.
  const numberOf = new Map<string, number>();
  const cluster = rows.map(({ clusterId }) => {
    const known = numberOf.get(clusterId);
    if (known !== undefined) return known;
    numberOf.set(clusterId, numberOf.size);
    return numberOf.size - 1;
  });
  const m = numberOf.size;
  const groups = new Groups(m);
  const rules: StoryRule[][] = Array.from({ length: m }, () => []);
  const tries = new Map<number, number>();
  for (const [x, y] of candidatePairs(profiles)) {
    const ra = groups.find(cluster[x]!);
    const rb = groups.find(cluster[y]!);
    if (ra === rb) continue;
    const [lo, hi] =
      cluster[x]! < cluster[y]! ? [cluster[x]!, cluster[y]!] : [cluster[y]!, cluster[x]!];
    const clusters = lo * m + hi;
    const tried = tries.get(clusters) ?? 0;
    if (tried >= TRIES_PER_CLUSTER_PAIR) continue;
    const rule = sameStory(profiles[x]!, profiles[y]!);
    if (!rule) {
      tries.set(clusters, tried + 1);
      continue;
    }
    rules[ra] = [...rules[ra]!, ...rules[rb]!, rule];
    groups.join(ra, rb);
  }
  const stories = new Map<number, Story>();
  rows.forEach(({ report, mentions, clusterId }, i) => {
    const root = groups.find(cluster[i]!);
    let story = stories.get(root);
    if (!story) {
      story = { clusterId, reports: [], mentions: new Map(), joinedBy: rules[root]! };
      stories.set(root, story);
    }
    story.reports.push(report);
    story.mentions.set(report.id, mentions);
  });
  const clusterOf = new Map(rows.map((r) => [r.report.id, r.clusterId]));
  const out = [...stories.values()];
  for (const story of out) {
    story.reports.sort(byInstant);
    story.clusterId = clusterOf.get(story.reports[0]!.id)!;
  }
  return out.sort((a, b) => byInstant(a.reports[0]!, b.reports[0]!));
}
