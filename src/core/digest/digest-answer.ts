/**
 * @module A briefing as an Answer, so every renderer (Slack, Teams, Markdown, terminal) shows it
 * with the same escaping, limits and citations as any other answer. Each top story is its own
 * section: why it concerns this team, two or three cited sentences, what changed, and every
 * outlet as a cited source; the rest of the page one line each; what did not fit, one line.
 */
import type { Answer, AnswerClaim } from '../model/answer.ts';
import type { Digest, DigestItem } from '../model/digest.ts';
import type { DigestItemRef } from '../model/thread.ts';

export interface DigestAnswerOptions {
  timezoneLabel?: string;
  /** How a reader gets the stories below this page (chat: reply "more"; CLI: --page 2). */
  moreHint?: string;
}

const note = (text: string): AnswerClaim => ({ text, citations: [], evidence: [] });

function itemsClaim(text: string, numbers: number[], items: DigestItem[]): AnswerClaim {
  const chosen = items.filter((i) => numbers.includes(i.n));
  const evidence = chosen.flatMap((i) => i.sentences.flatMap((s) => s.evidence)).slice(0, 6);
  return {
    text,
    citations: [...new Set(chosen.flatMap((i) => i.sentences.flatMap((s) => s.citations)))].sort(
      (a, b) => a - b,
    ),
    evidence,
  };
}

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(?:\.\d+)?Z$/, ' UTC');
}

function actorsText(item: DigestItem): string {
  return item.actors
    .map((a) =>
      a.confidence ? `${a.name} (${a.attributedTo}, ${a.confidence.toUpperCase()})` : a.name,
    )
    .join('; ');
}

/** "3 outlets · exploited vulnerability · APT29 (Russia, HIGH)": what the item is, at a glance. */
function tags(item: DigestItem): string {
  return [
    item.outlets > 1 ? `${item.outlets} outlets` : '',
    item.signals.filter((s) => s !== 'focus').join(', '),
    actorsText(item),
  ]
    .filter(Boolean)
    .join(' · ');
}

function sourcesClaim(item: DigestItem): AnswerClaim {
  const byOriginator = new Map<string, DigestItem['evidence']>();
  for (const e of item.evidence)
    byOriginator.set(e.originator, [...(byOriginator.get(e.originator) ?? []), e]);
  const parts = [...byOriginator.entries()].map(([originator, reports]) => {
    const outlets = reports
      .filter((r) => r.outlet !== originator)
      .map((r) => `${r.outlet} [${r.n}]`);
    const own = reports
      .filter((r) => r.outlet === originator)
      .map((r) => r.n)
      .sort((a, b) => a - b)
      .map((n) => `[${n}]`);
    return `${originator} (${reports[0]!.reliability})${own.length ? ` ${own.join('')}` : ''}${outlets.length ? ` via ${outlets.join(', ')}` : ''}`;
  });
  const n = byOriginator.size;
  return {
    text: `Sources, ${n} originator${n === 1 ? '' : 's'}: ${parts.join('; ')}`,
    // The marks are in the text, one per outlet; listing them again would print each twice.
    citations: [],
    evidence: [],
  };
}

function storySection(item: DigestItem) {
  const head = tags(item);
  return {
    title: `${item.n}. ${item.title}`,
    claims: [
      ...(head ? [note(head)] : []),
      ...(item.focus.length
        ? [note(`For this team: ${item.focus.map((f) => f.reason).join('; ')}`)]
        : []),
      ...item.sentences,
      ...item.changes,
      sourcesClaim(item),
    ],
  };
}

function lineClaim(item: DigestItem, withSummary: boolean): AnswerClaim {
  const head = tags(item);
  const focus = item.focus.length
    ? ` — for this team: ${item.focus.map((f) => f.reason).join('; ')}`
    : '';
  const summary = withSummary ? ` — ${item.sentences.map((s) => s.text).join(' ')}` : '';
  return {
    text: `${item.n}. ${item.title}${head ? ` · ${head}` : ''}${focus}${summary}`,
    // The attribution labels in the line rest on these sources too.
    citations: [
      ...new Set([...item.citations, ...item.attribution.flatMap((a) => a.citations)]),
    ].sort((a, b) => a - b),
    evidence: item.sentences.flatMap((s) => s.evidence),
  };
}

export function digestAnswer(digest: Digest, options: DigestAnswerOptions = {}): Answer {
  const { items, sections, stats } = digest;
  const top = items.filter((i) => sections.topStories.includes(i.n));
  const rest = items.filter((i) => !sections.topStories.includes(i.n));
  const firstPage = sections.topStories.length > 0 || items[0]?.n === 1;
  const shown = items.length ? `; items ${items[0]!.n} to ${items.at(-1)!.n} shown` : '';
  const summary =
    stats.reports === 0
      ? `Nothing new since ${when(digest.period.from)}.`
      : `${stats.reports} report${stats.reports === 1 ? '' : 's'} from ${stats.outlets} outlet${stats.outlets === 1 ? '' : 's'} in ${stats.stories} stor${stats.stories === 1 ? 'y' : 'ies'}, ${when(digest.period.from)} to ${when(digest.period.to)}${options.timezoneLabel ? ` (${options.timezoneLabel})` : ''}${shown}.`;
  const more = digest.more.count;
  return {
    kind: 'briefing',
    query: 'digest',
    title: digest.title,
    summary,
    sections: [
      ...top.map(storySection),
      {
        title: firstPage ? 'More stories' : 'Stories',
        claims: rest.map((item) => lineClaim(item, !firstPage)),
      },
      {
        title: 'Actors in the news',
        claims: sections.actorsInNews.map((a) =>
          itemsClaim(
            `${a.name}: item${a.items.length > 1 ? 's' : ''} ${a.items.join(', ')}`,
            a.items,
            items,
          ),
        ),
      },
      {
        title: 'Newly seen actors',
        claims: sections.newActors.map((a) =>
          itemsClaim(
            `${a.name}: first stored report in item${a.items.length > 1 ? 's' : ''} ${a.items.join(', ')}`,
            a.items,
            items,
          ),
        ),
      },
      {
        title: 'Vulnerabilities',
        claims: sections.vulnerabilities.map((v) =>
          itemsClaim(
            `${v.cve}${v.exploited ? ' (reported exploited)' : ''}: item${v.items.length > 1 ? 's' : ''} ${v.items.join(', ')}`,
            v.items,
            items,
          ),
        ),
      },
      {
        title: 'Not shown',
        claims: more
          ? [
              note(
                `${more} more stor${more === 1 ? 'y' : 'ies'}: ${options.moreHint ?? 'reply "more" in this thread'}`,
              ),
            ]
          : [],
      },
    ].filter((s) => s.claims.length > 0),
    attribution: top
      .flatMap((i) => i.attribution)
      .filter((a, i, all) => all.findIndex((b) => b.subject === a.subject) === i),
    citations: digest.citations,
    withheld: stats.withheld,
    clearance: digest.clearance,
    suggestions: items.length
      ? [
          `more on item ${items[0]!.n}`,
          ...(items[0]!.actors[0] ? [`who is behind ${items[0]!.actors[0].name}?`] : []),
          ...(more ? ['more'] : []),
        ]
      : [],
    subjects: [...new Set(top.flatMap((i) => i.actors.map((a) => a.name)))].slice(0, 1),
    engine: 'extractive',
    notice: null,
  };
}

/** What a thread started by this briefing remembers, for "more on item 3" and "more". */
export function digestItemRefs(digest: Digest): DigestItemRef[] {
  return [
    ...digest.items.map((i) => ({
      n: i.n,
      title: i.title,
      reportIds: i.reportIds,
      actors: i.actors.map((a) => a.name),
      shown: true,
      period: digest.period,
    })),
    ...digest.more.items,
  ];
}
