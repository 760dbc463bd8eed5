/**
 * @module Builds a briefing: the reports that arrived in a period, grouped into stories (one
 * item per story cluster, every outlet kept as evidence), ranked, summarised in a few cited
 * sentences, with actors, their attribution labels, new actors and vulnerabilities.
 */

import { aliasKey } from '../analysis/catalog/catalog.ts';
import {
  type AttributionAssessment,
  assessAttributions,
  describeBasis,
} from '../analysis/confidence.ts';
import { attributedTo } from '../answer/attribution-lines.ts';
import { CitationBook } from '../answer/citation-book.ts';
import type { Mention } from '../model/analysis.ts';
import type { AnswerClaim } from '../model/answer.ts';
import type { Digest, DigestItem } from '../model/digest.ts';
import { reliabilityRank } from '../model/reliability.ts';
import type { Report, ReportSummary } from '../model/report.ts';
import type { DigestFilters } from '../model/subscription.ts';
import type { Tlp } from '../model/tlp.ts';
import type { AnalysisReadStore, SourcedClaim } from '../ports/analysis-store.ts';
import type { ReportStore } from '../ports/report-store.ts';
import { sentenceSpans } from '../text/sentences.ts';

export const TOP_STORIES = 5;
const MAX_ITEMS = 25;

export interface DigestRequest {
  from: string;
  to: string;
  clearance: Tlp;
  filters?: DigestFilters | undefined;
  /** Actors this destination watches: their stories rank higher. */
  watched?: string[];
  title?: string;
  now: Date;
}

interface Story {
  clusterId: string;
  reports: Report[];
  mentions: Map<string, Mention[]>;
}

const EXPLOITED =
  /\b(?:exploit(?:ed|ing|ation)|in the wild|actively (?:used|exploited|targeted))\b/i;
const ZERO_DAY = /\b(?:zero[- ]day|0-day)\b/i;
const ACTION =
  /\b(?:attack\w*|breach\w*|compromis\w*|exploit\w*|target\w*|stole|steal\w*|deploy\w*|attribut\w*|linked|disrupt\w*|charged|indict\w*|sanction\w*|seiz\w*|warn\w*|advis\w*)\b/i;

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** The most reliable report tells the story first; ties go to the earliest published. */
function leadReport(reports: Report[]): Report {
  return [...reports].sort(
    (a, b) =>
      reliabilityRank(a.reliability) - reliabilityRank(b.reliability) ||
      Number(a.aiGenerated) - Number(b.aiGenerated) ||
      (a.published ?? a.ingestedAt).localeCompare(b.published ?? b.ingestedAt),
  )[0]!;
}

function sentencesOf(report: Report): string[] {
  return sentenceSpans(report.text)
    .map((s) => report.text.slice(s.start, s.end))
    .filter((s) => s.length >= 50 && /\s\S+\s\S+\s/.test(s));
}

/** Two or three sentences: the lead's opening, then what another outlet or a later line adds. */
function summarize(story: Story, actors: string[], book: CitationBook): AnswerClaim[] {
  const lead = leadReport(story.reports);
  const chosen: { report: Report; text: string }[] = [];
  const opening = sentencesOf(lead)[0];
  if (opening) chosen.push({ report: lead, text: opening });
  const names = actors.map((a) => a.toLowerCase());
  const candidates = story.reports
    .flatMap((report) => sentencesOf(report).map((text) => ({ report, text })))
    .filter((c) => !chosen.some((x) => x.text === c.text));
  const score = (c: { report: Report; text: string }) =>
    (names.some((n) => c.text.toLowerCase().includes(n)) ? 2 : 0) +
    (ACTION.test(c.text) ? 1 : 0) +
    (EXPLOITED.test(c.text) || /CVE-\d/.test(c.text) ? 1 : 0) +
    (c.report.id !== lead.id ? 0.5 : 0);
  for (const c of candidates.sort((a, b) => score(b) - score(a))) {
    if (chosen.length >= 3 || score(c) < 1.5) break;
    if (chosen.some((x) => x.report.id === c.report.id && chosen.length >= 2)) continue;
    chosen.push(c);
  }
  return chosen.map((c) => book.claim(c.text, [{ report: c.report, quote: c.text }]));
}

function mentionsIn(story: Story, kind: Mention['kind']): string[] {
  return unique(
    [...story.mentions.values()]
      .flat()
      .filter((m) => m.kind === kind)
      .map((m) => m.canonical),
  );
}

/** The actors a story is about: named in its title, or named twice or more. */
function storyActors(story: Story): string[] {
  const counts = new Map<string, number>();
  for (const m of [...story.mentions.values()].flat())
    if (m.kind === 'actor') counts.set(m.canonical, (counts.get(m.canonical) ?? 0) + 1);
  const titles = story.reports.map((r) => r.title.toLowerCase()).join(' ');
  return [...counts.entries()]
    .filter(([name, n]) => n >= 2 || titles.includes(name.toLowerCase()))
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name)
    .slice(0, 4);
}

function topOriginator(mentions: Mention[], report: ReportSummary): string {
  const counts = new Map<string, number>();
  for (const m of mentions)
    if (m.kind === 'originator') counts.set(m.canonical, (counts.get(m.canonical) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? report.publisher ?? report.id;
}

function passesFilters(story: Story, filters: DigestFilters | undefined): boolean {
  if (!filters) return true;
  if (filters.actors.length && !mentionsIn(story, 'actor').some((a) => filters.actors.includes(a)))
    return false;
  if (
    filters.sectors.length &&
    !mentionsIn(story, 'sector').some((s) => filters.sectors.includes(s))
  )
    return false;
  return true;
}

/** What building a briefing reads; it makes the same few round trips however many reports arrived. */
export type DigestSourceStore = ReportStore & AnalysisReadStore;

export async function buildDigest(
  store: DigestSourceStore,
  request: DigestRequest,
): Promise<Digest> {
  const { items: visible, withheldReports } = await store.visibleReports({
    ingestedSince: request.from,
    ingestedBefore: request.to,
    clearance: request.clearance,
  });
  const minRank = request.filters?.minReliability
    ? reliabilityRank(request.filters.minReliability)
    : 5;
  const eligible = visible.filter((r) => reliabilityRank(r.reliability) <= minRank);

  const stories = new Map<string, Story>();
  for (const { report, mentions, clusterId } of await store.reportsWithMentions(
    eligible.map((r) => r.id),
  )) {
    const key = clusterId;
    const story: Story = stories.get(key) ?? { clusterId: key, reports: [], mentions: new Map() };
    story.reports.push(report);
    story.mentions.set(report.id, mentions);
    stories.set(key, story);
  }

  const book = new CitationBook();
  const shown = [...stories.values()].filter((s) => passesFilters(s, request.filters));
  const actorsOf = new Map(shown.map((s) => [s, storyActors(s)]));
  // Attribution labels weigh every visible report about the actor, not only today's: one read
  // for every actor of every story, split by subject here.
  const claimsBySubject = new Map<string, SourcedClaim[]>();
  const everyActor = unique([...actorsOf.values()].flat());
  const aboutActors = everyActor.length
    ? (await store.claimsAbout(everyActor, request.clearance)).items
    : [];
  for (const claim of aboutActors) {
    if (claim.objectKind === 'actor') continue;
    const key = aliasKey(claim.subject);
    claimsBySubject.set(key, [...(claimsBySubject.get(key) ?? []), claim]);
  }
  const known = new Map<string, { assessments: AttributionAssessment[]; claims: SourcedClaim[] }>();
  const assess = (actor: string) => {
    let entry = known.get(actor);
    if (!entry) {
      const claims = claimsBySubject.get(aliasKey(actor)) ?? [];
      entry = {
        claims,
        assessments: assessAttributions(
          claims.map((c) => ({
            claim: c,
            reportId: c.report.id,
            publisher: c.report.publisher,
            reliability: c.report.reliability,
            aiGenerated: c.report.aiGenerated,
          })),
        ),
      };
      known.set(actor, entry);
    }
    return entry;
  };

  const watched = new Set(request.watched ?? []);
  const drafts: Omit<DigestItem, 'n'>[] = [];
  const newest = Math.max(...eligible.map((r) => Date.parse(r.ingestedAt)), 0);
  const span = Math.max(1, newest - Date.parse(request.from));
  for (const story of shown) {
    const actors = actorsOf.get(story) ?? [];
    const lead = leadReport(story.reports);
    const sentences = summarize(story, actors, book);
    if (sentences.length === 0) continue;
    const originators = unique(
      story.reports.map((r) => topOriginator(story.mentions.get(r.id) ?? [], r)),
    );
    const publishers = unique(story.reports.map((r) => r.publisher ?? 'unknown publisher'));
    const cves = mentionsIn(story, 'cve');
    const text = story.reports.map((r) => r.text).join('\n');
    const signals = [
      ...(cves.length && EXPLOITED.test(text) ? ['exploited vulnerability'] : []),
      ...(ZERO_DAY.test(text) ? ['zero-day'] : []),
      ...(actors.some((a) => watched.has(a)) ? ['watched actor'] : []),
    ];
    const attribution = [];
    const actorLines = [];
    for (const actor of actors) {
      const { assessments, claims } = assess(actor);
      const top = assessments[0];
      if (top) {
        for (const id of top.citations.slice(0, 2)) {
          const claim = claims.find((c) => c.report.id === id);
          if (claim) book.cite(claim.report, claim.quote);
        }
        attribution.push({
          subject: actor,
          attributedTo: attributedTo(top),
          confidence: top.label,
          basis: describeBasis(top, (ids) => book.marks(ids)),
          citations: unique(
            top.citations.map((id) => book.number(id)).filter((n): n is number => n !== undefined),
          ).sort((a, b) => a - b),
          disputedBy: top.disputes.map((d) => d.originator),
          deniedBy: top.denials.map((d) => d.by),
        });
      }
      actorLines.push({
        name: actor,
        attributedTo: top ? attributedTo(top) : null,
        confidence: top?.label ?? null,
      });
    }
    const recency =
      (Math.max(...story.reports.map((r) => Date.parse(r.ingestedAt))) - Date.parse(request.from)) /
      span;
    const score =
      2 * originators.length +
      (publishers.length - 1) +
      (5 - reliabilityRank(lead.reliability)) / 2 +
      recency +
      2 * signals.filter((s) => s !== 'watched actor').length +
      (signals.includes('watched actor') ? 4 : 0);
    drafts.push({
      title: lead.title,
      summary: sentences
        .map((s) => `${s.text} ${s.citations.map((n) => `[${n}]`).join('')}`)
        .join(' '),
      sentences,
      actors: actorLines,
      attribution,
      citations: unique(sentences.flatMap((s) => s.citations)).sort((a, b) => a - b),
      outlets: publishers.length,
      publishers,
      originators,
      cves,
      signals,
      score: Math.round(score * 100) / 100,
      reportIds: story.reports.map((r) => r.id),
      clusterId: story.clusterId,
    });
  }

  const ranked = drafts
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, MAX_ITEMS);
  const items: DigestItem[] = ranked.map((d, i) => ({ ...d, n: i + 1 }));
  const { citations, renumber } = book.build();
  const marks = (text: string) =>
    text.replace(/\[(\d+)\]/g, (_, n: string) => `[${renumber(Number(n))}]`);
  for (const item of items) {
    item.summary = marks(item.summary);
    item.citations = item.citations.map(renumber);
    item.sentences = item.sentences.map((s) => ({
      ...s,
      citations: s.citations.map(renumber),
      evidence: s.evidence.map((e) => ({ ...e, n: renumber(e.n) })),
    }));
    item.attribution = item.attribution.map((a) => ({
      ...a,
      basis: marks(a.basis),
      citations: a.citations.map(renumber),
    }));
  }

  const byActor = new Map<string, number[]>();
  for (const item of items)
    for (const a of item.actors) byActor.set(a.name, [...(byActor.get(a.name) ?? []), item.n]);
  const firstSeen = new Map(
    (byActor.size
      ? await store.firstMentions({
          entities: [...byActor.keys()].map((name) => ({
            kind: 'actor' as const,
            canonical: name,
          })),
          // "Newly seen" as far as this destination can tell: earlier reports above its clearance do not count.
          clearance: request.clearance,
        })
      : []
    ).map((f) => [f.entity.canonical, f.firstIngestedAt]),
  );
  const newActors: { name: string; items: number[] }[] = [];
  for (const [name, itemNumbers] of byActor) {
    const first = firstSeen.get(name);
    if (!first || first >= request.from) newActors.push({ name, items: itemNumbers });
  }
  const byCve = new Map<string, { items: number[]; exploited: boolean }>();
  for (const item of items) {
    for (const cve of item.cves) {
      const entry = byCve.get(cve) ?? { items: [], exploited: false };
      entry.items.push(item.n);
      entry.exploited ||= item.signals.includes('exploited vulnerability');
      byCve.set(cve, entry);
    }
  }
  return {
    title: request.title ?? `Briefing ${request.to.slice(0, 10)}`,
    period: { from: request.from, to: request.to },
    generatedAt: request.now.toISOString(),
    clearance: request.clearance,
    items,
    sections: {
      topStories: items.slice(0, TOP_STORIES).map((i) => i.n),
      actorsInNews: [...byActor.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([name, its]) => ({ name, items: its })),
      newActors,
      vulnerabilities: [...byCve.entries()]
        .sort((a, b) => Number(b[1].exploited) - Number(a[1].exploited) || a[0].localeCompare(b[0]))
        .map(([cve, v]) => ({ cve, ...v })),
    },
    citations,
    stats: {
      reports: eligible.length,
      outlets: unique(eligible.map((r) => r.publisher ?? 'unknown publisher')).length,
      stories: drafts.length,
      withheld: withheldReports,
    },
  };
}
