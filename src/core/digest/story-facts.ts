/**
 * @module What a story says, read once for ranking, focus matching and the summary: its actors,
 * malware and CVEs (and which CVEs are said to be exploited), its originating teams with their
 * reliability, the outlets that carried it, and how much it names. Signals come from prose
 * sentences with link targets removed, never from the text of an address.
 */
import type { EntityKind, Mention } from '../model/analysis.ts';
import { type Reliability, reliabilityRank } from '../model/reliability.ts';
import type { Report } from '../model/report.ts';
import type { SourcedFact } from '../ports/analysis-store.ts';
import { type Story, storyInstant } from './stories.ts';
import { sentenceAt, withoutAddresses } from './story-text.ts';

export const EXPLOITED =
  /\b(?:exploited|exploiting|exploitation|in the wild|actively (?:used|exploited|targeted|abused)|weaponi[sz]ed|leverag(?:ed|ing) (?:a |the )?(?:vulnerabilit|flaw|bug))/i;
export const ZERO_DAY = /\b(?:zero[- ]?day|0[- ]?day)\b/i;

export interface StorySource {
  report: Report;
  /** Who printed it: the publisher, else the site, else the originator. */
  outlet: string;
  /** Whose finding it is: the research team the text credits most, else the outlet. */
  originator: string;
}

export interface StoryFacts {
  story: Story;
  /** The most reliable report, earliest first among equals: it tells the story. */
  lead: Report;
  actors: string[];
  /** Malware the story is about: named twice or more, or in a title; the four most named. */
  malware: string[];
  cves: string[];
  /** CVEs a sentence (or an actor-bound fact) says are exploited. */
  exploited: string[];
  zeroDay: boolean;
  sources: StorySource[];
  originators: { name: string; reliability: Reliability; aiGenerated: boolean }[];
  outlets: string[];
  /** Every canonical name the story's reports give, by kind (indicators and originators aside). */
  names: Map<EntityKind, Set<string>>;
  /** Actor-bound statements (uses, targets, exploits) made by the story's reports. */
  facts: SourcedFact[];
  /** The latest of its reports' dates. */
  newest: string;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function leadReport(reports: Report[]): Report {
  return [...reports].sort(
    (a, b) =>
      reliabilityRank(a.reliability) - reliabilityRank(b.reliability) ||
      Number(a.aiGenerated) - Number(b.aiGenerated) ||
      storyInstant(a).localeCompare(storyInstant(b)),
  )[0]!;
}

function host(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return null;
  return new URL(url).hostname.replace(/^www\./, '') || null;
}

/** The research team credited most; a byline near the top counts more than a passing mention. */
export function originatorOf(report: Report, mentions: Mention[]): string {
  const tally = new Map<string, number>();
  for (const m of mentions) {
    if (m.kind !== 'originator') continue;
    tally.set(m.canonical, (tally.get(m.canonical) ?? 0) + (m.start < 600 ? 3 : 1));
  }
  const top = [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return top?.[0] ?? report.publisher ?? host(report.url) ?? 'an unnamed source';
}

/** The story's actors: named in a title, or named twice or more; the most named first. */
export function storyActors(story: Story): string[] {
  return centralNames(story, 'actor');
}

/** Names of one kind a story is about: named in a title, or named twice or more; the most named first. */
function centralNames(story: Story, kind: 'actor' | 'malware'): string[] {
  const counts = new Map<string, number>();
  for (const m of [...story.mentions.values()].flat())
    if (m.kind === kind) counts.set(m.canonical, (counts.get(m.canonical) ?? 0) + 1);
  const titles = story.reports.map((r) => r.title.toLowerCase()).join(' ');
  return [...counts.entries()]
    .filter(([name, n]) => n >= 2 || titles.includes(name.toLowerCase()))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name)
    .slice(0, 4);
}

/** Facts by the report that states them, so each story finds its own without a scan. */
export function factsByReport(facts: SourcedFact[]): Map<string, SourcedFact[]> {
  const out = new Map<string, SourcedFact[]>();
  for (const f of facts) {
    const list = out.get(f.report.id);
    if (list) list.push(f);
    else out.set(f.report.id, [f]);
  }
  return out;
}

export function readStory(story: Story, factsOf: Map<string, SourcedFact[]>): StoryFacts {
  const facts = story.reports.flatMap((r) => factsOf.get(r.id) ?? []);
  const names = new Map<EntityKind, Set<string>>();
  const exploited = new Set(facts.filter((f) => f.kind === 'exploits:cve').map((f) => f.value));
  let zeroDay = false;
  for (const report of story.reports) {
    const mentions = story.mentions.get(report.id) ?? [];
    for (const m of mentions) {
      if (m.kind === 'indicator' || m.kind === 'originator') continue;
      const set = names.get(m.kind) ?? new Set<string>();
      set.add(m.canonical);
      names.set(m.kind, set);
    }
    // Only the sentences that matter are read: those around a CVE, and the text once for a zero-day
    // (the raw text first, so most reports skip taking their addresses out).
    for (const m of mentions)
      if (m.kind === 'cve' && EXPLOITED.test(withoutAddresses(sentenceAt(report.text, m.start))))
        exploited.add(m.canonical);
    if (!zeroDay && (ZERO_DAY.test(report.title) || ZERO_DAY.test(report.text)))
      zeroDay = ZERO_DAY.test(report.title) || ZERO_DAY.test(withoutAddresses(report.text));
  }
  const sources = story.reports.map((report) => {
    const mentions = story.mentions.get(report.id) ?? [];
    const originator = originatorOf(report, mentions);
    return { report, originator, outlet: report.publisher ?? host(report.url) ?? originator };
  });
  const originators = unique(sources.map((s) => s.originator)).map((name) => {
    const theirs = sources.filter((s) => s.originator === name).map((s) => s.report);
    const best = theirs.sort(
      (a, b) => reliabilityRank(a.reliability) - reliabilityRank(b.reliability),
    )[0]!;
    return { name, reliability: best.reliability, aiGenerated: theirs.every((r) => r.aiGenerated) };
  });
  const cves = [...(names.get('cve') ?? [])].sort();
  return {
    story,
    lead: leadReport(story.reports),
    actors: storyActors(story),
    malware: centralNames(story, 'malware'),
    cves,
    exploited: cves.filter((c) => exploited.has(c)),
    zeroDay,
    sources,
    originators,
    outlets: unique(sources.map((s) => s.outlet)),
    names,
    facts,
    newest: story.reports.map(storyInstant).sort().at(-1)!,
  };
}

/** Distinct named things (actors, malware, tools, CVEs, techniques, targets, technologies). */
export function entityCount(facts: StoryFacts): number {
  let n = 0;
  for (const set of facts.names.values()) n += set.size;
  return n;
}
