/**
 * @module Ranks briefing stories by substance, and says why: each item's score is a sum of parts
 * (this team's focus, exploited vulnerabilities, independent originators weighted by
 * reliability, named actors with their attribution labels, novelty, outlets, how much the story
 * establishes, recency), each part with what it rests on. Items meeting the team's focus come
 * first; equal scores are ordered by those signals, in that order, and the deciding one is said.
 */
import type { ConfidenceLevel } from '../model/analysis.ts';
import { RANK_SIGNALS, type RankSignal, type ScorePart } from '../model/digest.ts';
import type { Reliability } from '../model/reliability.ts';

/** What an originator's word is worth by its outlet's Admiralty grade (F: cannot be judged). */
const RELIABILITY_WEIGHT: Record<Reliability, number> = {
  A: 3,
  B: 2.5,
  C: 2,
  D: 1.25,
  E: 0.5,
  F: 1,
};
const LABEL_WEIGHT: Record<ConfidenceLevel, number> = { high: 1.5, moderate: 1, low: 0.5 };

export interface RankInput {
  focus: string[];
  exploited: string[];
  zeroDay: boolean;
  cves: string[];
  originators: { name: string; reliability: Reliability; aiGenerated: boolean }[];
  actors: { name: string; attributedTo: string | null; confidence: ConfidenceLevel | null }[];
  newActors: string[];
  newMalware: string[];
  outlets: string[];
  facts: number;
  entities: number;
  /** The newest report's date, and where it falls in the period's span of dates (0 to 1). */
  newest: string;
  recency: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

function list(names: string[], max = 3): string {
  return names.length > max
    ? `${names.slice(0, max).join(', ')} and ${names.length - max} more`
    : names.join(', ');
}

export function scoreParts(input: RankInput): ScorePart[] {
  const parts: ScorePart[] = [];
  const add = (signal: RankSignal, points: number, detail: string) => {
    if (points > 0) parts.push({ signal, points: round(points), detail });
  };
  if (input.focus.length)
    add('focus', Math.min(10, 6 + 1.5 * (input.focus.length - 1)), input.focus.join('; '));
  if (input.exploited.length || input.zeroDay) {
    const exploited = input.exploited.length
      ? Math.min(4.5, 3 + 0.5 * (input.exploited.length - 1))
      : 0;
    add(
      'exploited',
      exploited + (input.zeroDay ? 1 : 0),
      [
        input.exploited.length ? `${list(input.exploited)} reported exploited` : '',
        input.zeroDay ? 'zero-day' : '',
      ]
        .filter(Boolean)
        .join('; '),
    );
  } else if (input.cves.length) {
    add('exploited', 0.5, `names ${list(input.cves)}, not reported exploited`);
  }
  add(
    'originators',
    input.originators.reduce(
      (sum, o) => sum + RELIABILITY_WEIGHT[o.reliability] * (o.aiGenerated ? 0.5 : 1),
      0,
    ),
    `${input.originators.length} independent: ${list(
      input.originators.map((o) => `${o.name} (${o.reliability}${o.aiGenerated ? ', AI' : ''})`),
      4,
    )}`,
  );
  const actors = input.actors.slice(0, 3);
  add(
    'actors',
    Math.min(
      4,
      actors.reduce((sum, a) => sum + 1 + (a.confidence ? LABEL_WEIGHT[a.confidence] : 0), 0),
    ),
    list(
      actors.map((a) =>
        a.confidence ? `${a.name} (${a.attributedTo}, ${a.confidence.toUpperCase()})` : a.name,
      ),
    ),
  );
  const firstOf = (n: number, first: number, cap: number) =>
    n === 0 ? 0 : Math.min(cap, first + 0.5 * (n - 1));
  add(
    'novelty',
    firstOf(input.newActors.length, 2, 3) + firstOf(input.newMalware.length, 1, 1.5),
    [
      input.newActors.length ? `first report of ${list(input.newActors)}` : '',
      input.newMalware.length ? `first report of malware ${list(input.newMalware)}` : '',
    ]
      .filter(Boolean)
      .join('; '),
  );
  add(
    'outlets',
    Math.min(3, 0.75 * (input.outlets.length - 1)),
    `${input.outlets.length} outlets: ${list(input.outlets, 4)}`,
  );
  add(
    'substance',
    Math.min(2, 0.2 * input.facts + 0.05 * input.entities),
    `${input.facts} statement${input.facts === 1 ? '' : 's'} binding actors to tools or targets, ${input.entities} named things`,
  );
  add('recency', 1.5 * input.recency, `newest report ${input.newest.slice(0, 10)}`);
  return parts;
}

export interface Ranked<T> {
  item: T;
  score: number;
  parts: ScorePart[];
  /** Set when this item has the same score as the next: what put it first. */
  note: string | null;
}

const pointsOf = (parts: ScorePart[], signal: RankSignal) =>
  parts.find((p) => p.signal === signal)?.points ?? 0;

/** Last resorts between items equal on every signal and date: a later arrival, more reports, a longer write-up, more words. */
export interface Bulk {
  /** When its latest report reached the store: between equal dates, the later arrival is fresher. */
  arrived: string;
  reports: number;
  characters: number;
  /** Distinct words: between two write-ups of one length, the one that says more things. */
  words: () => number;
  /** Stable and arbitrary: only two copies of one text could get this far, and those merge. */
  key: string;
}

/**
 * Orders items: those meeting the team's focus first, then by score, then signal by signal in
 * the order of RANK_SIGNALS, then by the newest report's date, then by bulk.
 */
export function rankItems<T>(
  items: { item: T; parts: ScorePart[]; newest: string; bulk: Bulk }[],
): Ranked<T>[] {
  const counted = new Map<Bulk, number>();
  const words = (x: { bulk: Bulk }) => {
    let n = counted.get(x.bulk);
    if (n === undefined) {
      n = x.bulk.words();
      counted.set(x.bulk, n);
    }
    return n;
  };
  const scored = items.map((x) => ({
    ...x,
    score: round(x.parts.reduce((sum, p) => sum + p.points, 0)),
    focused: pointsOf(x.parts, 'focus') > 0,
  }));
  type Scored = (typeof scored)[number];
  const decide = (a: Scored, b: Scored): { order: number; on: string } => {
    if (a.focused !== b.focused) return { order: a.focused ? -1 : 1, on: 'focus' };
    if (a.score !== b.score) return { order: b.score - a.score, on: 'score' };
    for (const signal of RANK_SIGNALS) {
      const diff = pointsOf(b.parts, signal) - pointsOf(a.parts, signal);
      if (diff !== 0) return { order: diff, on: signal };
    }
    if (a.newest !== b.newest) return { order: b.newest.localeCompare(a.newest), on: 'date' };
    if (a.bulk.arrived !== b.bulk.arrived)
      return { order: b.bulk.arrived.localeCompare(a.bulk.arrived), on: 'arrival' };
    if (a.bulk.reports !== b.bulk.reports)
      return { order: b.bulk.reports - a.bulk.reports, on: 'reports' };
    if (a.bulk.characters !== b.bulk.characters)
      return { order: b.bulk.characters - a.bulk.characters, on: 'length' };
    // Counted only here: reading every word of every story is the slowest thing a briefing does.
    const [wa, wb] = [words(a), words(b)];
    if (wa !== wb) return { order: wb - wa, on: 'words' };
    return { order: a.bulk.key.localeCompare(b.bulk.key), on: 'nothing' };
  };
  const sorted = [...scored].sort((a, b) => decide(a, b).order);
  return sorted.map((x, i) => {
    const next = sorted[i + 1];
    let note: string | null = null;
    if (next && next.score === x.score) {
      const { on } = decide(x, next);
      const detail = (s: Scored, signal: RankSignal) =>
        s.parts.find((p) => p.signal === signal)?.detail ?? 'none';
      const equal = 'same score as the next item and equal on every signal';
      note =
        on === 'date'
          ? `${equal}; its newest report is later (${x.newest.slice(0, 10)} vs ${next.newest.slice(0, 10)})`
          : on === 'arrival'
            ? `${equal} and date; it reached us later (${x.bulk.arrived.slice(11, 19)} vs ${next.bulk.arrived.slice(11, 19)} UTC)`
            : on === 'reports'
              ? `${equal} and date; more reports (${x.bulk.reports} vs ${next.bulk.reports})`
              : on === 'length'
                ? `${equal} and date; a longer write-up (${x.bulk.characters} vs ${next.bulk.characters} characters)`
                : on === 'words'
                  ? `${equal}, date and length; more distinct words (${words(x)} vs ${words(next)})`
                  : on === 'nothing'
                    ? `${equal}, date, length and words; the order between them is arbitrary`
                    : `same score as the next item; ahead on ${on} (${detail(x, on as RankSignal)} vs ${detail(next, on as RankSignal)})`;
    }
    return { item: x.item, score: x.score, parts: x.parts, note };
  });
}
