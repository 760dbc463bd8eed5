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

class Groups {
  readonly #parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.#parent.get(root) !== undefined && this.#parent.get(root) !== root)
      root = this.#parent.get(root)!;
    this.#parent.set(x, root);
    return root;
  }
  join(a: string, b: string): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.#parent.set(rb, ra);
    return true;
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

/**
 * Pairs worth comparing: reports that share a name (actor, malware, CVE), a series stem, or
 * two of the most frequent words of their opening. Comparing every pair of a 1,000-report day is a
 * million comparisons; these keys find the same joins in a few thousand.
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
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  for (const list of byKey.values()) {
    // A key shared by a large part of the day (a vendor's boilerplate) says nothing about a story.
    if (list.length < 2 || list.length > 60) continue;
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const key = `${list[x]}:${list[y]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([list[x]!, list[y]!]);
      }
  }
  return pairs;
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
  const groups = new Groups();
  const rules = new Map<string, StoryRule[]>();
  for (const row of rows) groups.find(row.clusterId);
  for (const [x, y] of candidatePairs(profiles)) {
    const a = rows[x]!;
    const b = rows[y]!;
    if (groups.find(a.clusterId) === groups.find(b.clusterId)) continue;
    const rule = sameStory(profiles[x]!, profiles[y]!);
    if (!rule) continue;
    const carried = [
      ...(rules.get(groups.find(a.clusterId)) ?? []),
      ...(rules.get(groups.find(b.clusterId)) ?? []),
      rule,
    ];
    groups.join(a.clusterId, b.clusterId);
    rules.set(groups.find(a.clusterId), carried);
  }
  const stories = new Map<string, Story>();
  for (const { report, mentions, clusterId } of rows) {
    const root = groups.find(clusterId);
    let story = stories.get(root);
    if (!story) {
      story = { clusterId, reports: [], mentions: new Map(), joinedBy: rules.get(root) ?? [] };
      stories.set(root, story);
    }
    story.reports.push(report);
    story.mentions.set(report.id, mentions);
  }
  const clusterOf = new Map(rows.map((r) => [r.report.id, r.clusterId]));
  const out = [...stories.values()];
  for (const story of out) {
    story.reports.sort(byInstant);
    story.clusterId = clusterOf.get(story.reports[0]!.id)!;
  }
  return out.sort((a, b) => byInstant(a.reports[0]!, b.reports[0]!));
}
