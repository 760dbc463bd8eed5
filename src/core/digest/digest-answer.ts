/**
 * @module A briefing as an Answer, so every renderer (Slack, Teams, Markdown, terminal) shows it
 * with the same escaping, limits and citations as any other answer.
 */
import type { Answer, AnswerClaim } from '../model/answer.ts';
import type { Digest, DigestItem } from '../model/digest.ts';
import type { DigestItemRef } from '../model/thread.ts';

function itemsClaim(text: string, numbers: number[], items: DigestItem[]): AnswerClaim {
  const chosen = items.filter((i) => numbers.includes(i.n));
  const evidence = chosen.flatMap((i) => i.sentences.flatMap((s) => s.evidence)).slice(0, 6);
  return {
    text,
    citations: [...new Set(chosen.flatMap((i) => i.citations))].sort((a, b) => a - b),
    evidence,
  };
}

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(?:\.\d+)?Z$/, ' UTC');
}

export function digestAnswer(digest: Digest, options: { timezoneLabel?: string } = {}): Answer {
  const { items, sections, stats } = digest;
  const line = (n: number) => items.find((i) => i.n === n)!;
  const label = (item: DigestItem) => {
    const actors = item.actors.map((a) =>
      a.confidence ? `${a.name} (${a.attributedTo}, ${a.confidence.toUpperCase()})` : a.name,
    );
    const outlets = item.outlets > 1 ? ` · ${item.outlets} outlets` : '';
    const signals = item.signals.length ? ` · ${item.signals.join(', ')}` : '';
    return `${item.n}. ${item.title}${outlets}${signals}${actors.length ? ` · ${actors.join('; ')}` : ''}`;
  };
  const top = sections.topStories.map((n) => line(n));
  const rest = items.filter((i) => !sections.topStories.includes(i.n));
  const summary =
    stats.reports === 0
      ? `Nothing new since ${when(digest.period.from)}.`
      : `${stats.reports} report${stats.reports === 1 ? '' : 's'} from ${stats.outlets} outlet${stats.outlets === 1 ? '' : 's'} in ${stats.stories} stor${stats.stories === 1 ? 'y' : 'ies'}, ${when(digest.period.from)} to ${when(digest.period.to)}${options.timezoneLabel ? ` (${options.timezoneLabel})` : ''}`;
  return {
    kind: 'briefing',
    query: 'digest',
    title: digest.title,
    summary,
    sections: [
      {
        title: 'Top stories',
        claims: top.map((item) => ({
          text: `${label(item)} — ${item.sentences.map((s) => s.text).join(' ')}`,
          citations: item.citations,
          evidence: item.sentences.flatMap((s) => s.evidence),
        })),
      },
      {
        title: 'More stories',
        claims: rest.map((item) => ({
          text: label(item),
          citations: item.citations,
          evidence: item.sentences.flatMap((s) => s.evidence),
        })),
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
    ].filter((s) => s.claims.length > 0),
    attribution: top
      .flatMap((i) => i.attribution)
      .filter((a, i, all) => all.findIndex((b) => b.subject === a.subject) === i),
    citations: digest.citations,
    withheld: stats.withheld,
    clearance: digest.clearance,
    suggestions: items.length
      ? [
          'more on item 1',
          'who is behind item 1?'.replace('item 1', items[0]!.actors[0]?.name ?? 'item 1'),
        ]
      : [],
    subjects: [...new Set(top.flatMap((i) => i.actors.map((a) => a.name)))].slice(0, 1),
    engine: 'extractive',
    notice: null,
  };
}

/** What a thread started by this briefing remembers, for "more on item 3". */
export function digestItemRefs(digest: Digest): DigestItemRef[] {
  return digest.items.map((i) => ({
    n: i.n,
    title: i.title,
    reportIds: i.reportIds,
    actors: i.actors.map((a) => a.name),
  }));
}
