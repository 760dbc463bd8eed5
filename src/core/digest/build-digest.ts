/**
 * @module Builds a briefing: the reports that arrived in a period, grouped into stories (one item
 * per story, every outlet kept as evidence), ranked by substance and by what the destination
 * cares about, each part of the rank explained. One page of items is composed and cited; the
 * stories below it are listed by title so nothing is left out without a word.
 */
import { aliasKey } from '../analysis/catalog/catalog.ts';
import { CitationBook } from '../answer/citation-book.ts';
import { FACT_KINDS } from '../model/analysis.ts';
import { DEFAULT_ITEM_LIMIT, EMPTY_FOCUS, type Focus } from '../model/briefing-profile.ts';
import type { Digest, DigestItem } from '../model/digest.ts';
import { reliabilityRank } from '../model/reliability.ts';
import type { DigestFilters } from '../model/subscription.ts';
import type { DigestItemRef } from '../model/thread.ts';
import type { Tlp } from '../model/tlp.ts';
import type { AnalysisReadStore, EntityRef } from '../ports/analysis-store.ts';
import type { ReportStore } from '../ports/report-store.ts';
import { tokenize } from '../text/terms.ts';
import { labelActors } from './actor-labels.ts';
import { changeCandidates, changeKey } from './changes.ts';
import { composeItem, type ItemDraft, reportsQuoted } from './digest-item.ts';
import { matchFocus } from './focus-match.ts';
import { rankItems, scoreParts } from './rank.ts';
import { groupStories, type Story, storyInstant } from './stories.ts';
import {
  entityCount,
  factsByReport,
  readStory,
  type StoryFacts,
  storyActors,
} from './story-facts.ts';

export const TOP_STORIES = 5;
/** An actor's label in a briefing weighs at most its newest this-many attribution claims. */
export const LABEL_CLAIMS = 200;

export interface DigestRequest {
  from: string;
  to: string;
  clearance: Tlp;
  filters?: DigestFilters | undefined;
  /** Actors this destination watches: part of its focus. */
  watched?: string[];
  /** The destination's priority intelligence requirements: matching stories rank first. */
  focus?: Focus | undefined;
  /** Items per page (DEFAULT_ITEM_LIMIT when not given). */
  limit?: number | undefined;
  /** Index of the first item shown: 0 for a new briefing, later for what "more" shows. */
  offset?: number | undefined;
  title?: string;
  now: Date;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function passesFilters(story: Story, filters: DigestFilters | undefined): boolean {
  if (!filters) return true;
  const named = (kind: string) =>
    [...story.mentions.values()]
      .flat()
      .filter((m) => m.kind === kind)
      .map((m) => m.canonical);
  if (filters.actors.length && !named('actor').some((a) => filters.actors.includes(a)))
    return false;
  if (filters.sectors.length && !named('sector').some((s) => filters.sectors.includes(s)))
    return false;
  return true;
}

/**
 * "New" is as far as this destination can tell: nothing it may see named the entity before the
 * period, and this story holds the period's earliest report naming it.
 */
function firstTellers(read: StoryFacts[], kind: 'actor' | 'malware', before: Set<string>) {
  const first = new Map<string, { at: string; story: StoryFacts }>();
  for (const facts of read) {
    const names = kind === 'actor' ? facts.actors : facts.malware;
    for (const name of names) {
      if (before.has(`${kind}:${name}`)) continue;
      const at = facts.story.reports
        .filter((r) => facts.story.mentions.get(r.id)?.some((m) => m.canonical === name))
        .map(storyInstant)
        .sort()[0];
      const known = first.get(name);
      if (at && (!known || at < known.at)) first.set(name, { at, story: facts });
    }
  }
  const out = new Map<StoryFacts, string[]>();
  for (const [name, { story }] of first) out.set(story, [...(out.get(story) ?? []), name]);
  return out;
}

/** Facts that rank a story; indicators (half of a day's facts) only weigh summary sentences. */
const RANKED_FACT_KINDS = FACT_KINDS.filter((kind) => kind !== 'indicator');

/**
 * The indicator facts of the stories shown, for their summaries only: those of the reports an
 * item quotes (a story of hundreds of reports quotes a few dozen).
 */
async function addIndicatorFacts(
  store: DigestSourceStore,
  shown: StoryFacts[],
  actors: string[],
  clearance: Tlp,
): Promise<void> {
  const quoted = shown.map((facts) => ({ facts, reports: reportsQuoted(facts) }));
  const reportIds = quoted.flatMap(({ reports }) => reports.map((r) => r.id));
  if (actors.length === 0 || reportIds.length === 0) return;
  const { items } = await store.factsAbout(actors, clearance, { reportIds, kinds: ['indicator'] });
  const indicatorsOf = factsByReport(items);
  for (const { facts, reports } of quoted)
    for (const report of reports) facts.facts.push(...(indicatorsOf.get(report.id) ?? []));
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
  // Indicators (a third of a day's mentions) play no part in stories, ranks or summaries.
  const rows = await store.reportsWithMentions(
    eligible.map((r) => r.id),
    { except: ['indicator'] },
  );
  const stories = groupStories(rows).filter((s) => passesFilters(s, request.filters));

  const everyActor = unique(stories.flatMap(storyActors));
  // Facts of the period's reports only: earlier ones are read below for the stories shown.
  const [claims, actorFacts] = everyActor.length
    ? await Promise.all([
        store.attributionClaimsOf(everyActor, request.clearance, LABEL_CLAIMS),
        store.factsAbout(everyActor, request.clearance, {
          reportIds: eligible.map((r) => r.id),
          kinds: RANKED_FACT_KINDS,
        }),
      ])
    : [[], { items: [] }];
  const label = labelActors(claims);
  const factsOf = factsByReport(actorFacts.items);
  const read = stories.map((s) => readStory(s, factsOf));
  const entities: EntityRef[] = [
    ...unique(read.flatMap((f) => f.actors)).map((name) => ({
      kind: 'actor' as const,
      canonical: name,
    })),
    ...unique(read.flatMap((f) => f.malware)).map((name) => ({
      kind: 'malware' as const,
      canonical: name,
    })),
  ];
  const earlier = new Set(
    (entities.length ? await store.firstMentions({ entities, clearance: request.clearance }) : [])
      .filter((f) => f.firstIngestedAt < request.from)
      .map((f) => `${f.entity.kind}:${f.entity.canonical}`),
  );
  const newActors = firstTellers(read, 'actor', earlier);
  const newMalware = firstTellers(read, 'malware', earlier);

  const instants = eligible.map((r) => Date.parse(storyInstant(r)));
  const oldest = Math.min(...instants);
  const span = Math.max(...instants) - oldest;
  const focus = request.focus ?? EMPTY_FOCUS;
  const drafts = read.map((facts) => {
    const matched = matchFocus(facts, focus, request.watched ?? []);
    const actors = facts.actors.map((name) => ({ name, ...label(name) }));
    const fresh = newActors.get(facts) ?? [];
    const draft: ItemDraft = {
      facts,
      focus: matched,
      newActors: fresh,
      signals: [
        ...(matched.length ? ['focus'] : []),
        ...(facts.exploited.length ? ['exploited vulnerability'] : []),
        ...(facts.zeroDay ? ['zero-day'] : []),
        ...(fresh.length ? ['new actor'] : []),
      ],
    };
    const parts = scoreParts({
      focus: matched.map((m) => m.reason),
      exploited: facts.exploited,
      zeroDay: facts.zeroDay,
      cves: facts.cves,
      originators: facts.originators,
      actors,
      newActors: fresh,
      newMalware: newMalware.get(facts) ?? [],
      outlets: facts.outlets,
      facts: unique(
        facts.facts
          .filter((f) => f.kind !== 'indicator')
          .map((f) => `${aliasKey(f.subject)}|${f.kind}|${f.value}`),
      ).length,
      entities: entityCount(facts),
      newest: facts.newest,
      recency: span > 0 ? (Date.parse(facts.newest) - oldest) / span : 1,
    });
    const bulk = {
      arrived: facts.story.reports
        .map((r) => r.ingestedAt)
        .sort()
        .at(-1)!,
      reports: facts.story.reports.length,
      characters: facts.story.reports.reduce((sum, r) => sum + r.text.length, 0),
      words: () => new Set(facts.story.reports.flatMap((r) => tokenize(r.text))).size,
      key: facts.story.clusterId,
    };
    return { item: draft, parts, newest: facts.newest, bulk };
  });
  const ranked = rankItems(drafts);

  const limit = request.limit ?? DEFAULT_ITEM_LIMIT;
  const first = Math.max(0, request.offset ?? 0);
  const book = new CitationBook();
  const seenBefore = new Set(everyActor.filter((a) => earlier.has(`actor:${a}`)));
  // What changed is said of the actors of the stories shown: each of their facts is probed
  // against earlier reports, never the actors' whole history read.
  const shown = ranked.slice(first, first + limit).map((r) => r.item.facts);
  const candidates = shown.flatMap((facts) => changeCandidates(facts, seenBefore));
  const knownBefore = new Set(
    (candidates.length
      ? await store.factsStatedBefore({
          facts: candidates,
          before: request.from,
          clearance: request.clearance,
        })
      : []
    ).map((f) => changeKey(f.subject, f)),
  );
  await addIndicatorFacts(store, shown, everyActor, request.clearance);
  const ctx = {
    book,
    label,
    seenBefore,
    knownBefore,
  };
  const items: DigestItem[] = ranked
    .slice(first, first + limit)
    .map((r, i) =>
      composeItem(r.item, { n: first + i + 1, score: r.score, parts: r.parts, note: r.note }, ctx),
    );
  const period = { from: request.from, to: request.to };
  const more: DigestItemRef[] = ranked.slice(first + limit).map((r, i) => ({
    n: first + limit + i + 1,
    title: r.item.facts.lead.title,
    reportIds: r.item.facts.story.reports.map((x) => x.id),
    actors: r.item.facts.actors,
    shown: false,
    period,
  }));

  const { citations, renumber } = book.build();
  const marks = (text: string) =>
    text.replace(/\[(\d+)\]/g, (_, n: string) => `[${renumber(Number(n))}]`);
  const renumberClaim = <T extends DigestItem['sentences'][number]>(s: T): T => ({
    ...s,
    citations: s.citations.map(renumber),
    evidence: s.evidence.map((e) => ({ ...e, n: renumber(e.n) })),
  });
  for (const item of items) {
    item.summary = marks(item.summary);
    item.citations = item.citations.map(renumber);
    item.sentences = item.sentences.map(renumberClaim);
    item.changes = item.changes.map(renumberClaim);
    item.evidence = item.evidence.map((e) => ({ ...e, n: renumber(e.n) }));
    item.attribution = item.attribution.map((a) => ({
      ...a,
      basis: marks(a.basis),
      citations: a.citations.map(renumber),
    }));
  }

  const byActor = new Map<string, number[]>();
  for (const item of items)
    for (const a of item.actors) byActor.set(a.name, [...(byActor.get(a.name) ?? []), item.n]);
  const shownNew = new Map<string, number[]>();
  ranked.slice(first, first + limit).forEach((r, i) => {
    for (const name of r.item.newActors)
      shownNew.set(name, [...(shownNew.get(name) ?? []), first + i + 1]);
  });
  const byCve = new Map<string, { items: number[]; exploited: boolean }>();
  ranked.slice(first, first + limit).forEach((r, i) => {
    for (const cve of r.item.facts.cves) {
      const entry = byCve.get(cve) ?? { items: [], exploited: false };
      entry.items.push(first + i + 1);
      entry.exploited ||= r.item.facts.exploited.includes(cve);
      byCve.set(cve, entry);
    }
  });
  const days = new Map<string, number>();
  for (const r of eligible)
    days.set(r.ingestedAt.slice(0, 10), (days.get(r.ingestedAt.slice(0, 10)) ?? 0) + 1);
  return {
    title: request.title ?? `Briefing ${request.to.slice(0, 10)}`,
    period,
    generatedAt: request.now.toISOString(),
    clearance: request.clearance,
    items,
    limit,
    more: { count: more.length, items: more },
    sections: {
      topStories: first === 0 ? items.slice(0, TOP_STORIES).map((i) => i.n) : [],
      actorsInNews: [...byActor.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([name, its]) => ({ name, items: its })),
      newActors: [...shownNew.entries()].map(([name, its]) => ({ name, items: its })),
      vulnerabilities: [...byCve.entries()]
        .sort((a, b) => Number(b[1].exploited) - Number(a[1].exploited) || a[0].localeCompare(b[0]))
        .map(([cve, v]) => ({ cve, ...v })),
    },
    citations,
    stats: {
      reports: eligible.length,
      outlets: unique(read.flatMap((f) => f.outlets)).length,
      stories: ranked.length,
      withheld: withheldReports,
      days: [...days.entries()].sort().map(([day, reports]) => ({ day, reports })),
    },
  };
}
