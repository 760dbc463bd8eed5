/** Ranking: focus first, then score, then the signals in order; every tie says what decided it. */
import { describe, expect, it } from 'vitest';
import { type Bulk, rankItems, scoreParts } from '../../src/core/digest/rank.ts';
import type { ScorePart } from '../../src/core/model/digest.ts';

const bulk = (over: Partial<Omit<Bulk, 'words'>> & { words?: number } = {}): Bulk => ({
  arrived: over.arrived ?? '2026-06-01T09:00:00.000Z',
  reports: over.reports ?? 1,
  characters: over.characters ?? 1000,
  words: () => over.words ?? 100,
  key: over.key ?? 'k',
});
const part = (signal: ScorePart['signal'], points: number): ScorePart => ({
  signal,
  points,
  detail: `${signal} ${points}`,
});
const entry = (name: string, parts: ScorePart[], extra: { newest?: string; bulk?: Bulk } = {}) => ({
  item: name,
  parts,
  newest: extra.newest ?? '2026-06-01',
  bulk: extra.bulk ?? bulk({ key: name }),
});

describe('rankItems', () => {
  it('puts an item meeting the focus first even with a lower score', () => {
    const ranked = rankItems([
      entry('strong', [part('exploited', 5), part('originators', 5)]),
      entry('ours', [part('focus', 6)]),
    ]);
    expect(ranked.map((r) => r.item)).toEqual(['ours', 'strong']);
  });

  it.each([
    [
      'a signal',
      entry('a', [part('exploited', 3), part('recency', 1)]),
      entry('b', [part('exploited', 2), part('recency', 2)]),
      /^same score as the next item; ahead on exploited \(exploited 3 vs exploited 2\)$/,
    ],
    [
      'the newest report',
      entry('a', [part('originators', 2)], { newest: '2026-06-02' }),
      entry('b', [part('originators', 2)], { newest: '2026-06-01' }),
      /its newest report is later \(2026-06-02 vs 2026-06-01\)$/,
    ],
    [
      'the arrival',
      entry('a', [part('originators', 2)], { bulk: bulk({ arrived: '2026-06-01T10:00:00.000Z' }) }),
      entry('b', [part('originators', 2)], { bulk: bulk({ arrived: '2026-06-01T09:00:00.000Z' }) }),
      /it reached us later \(10:00:00 vs 09:00:00 UTC\)$/,
    ],
    [
      'the number of reports',
      entry('a', [part('originators', 2)], { bulk: bulk({ reports: 2 }) }),
      entry('b', [part('originators', 2)], { bulk: bulk({ reports: 1 }) }),
      /more reports \(2 vs 1\)$/,
    ],
    [
      'the words',
      entry('a', [part('originators', 2)], { bulk: bulk({ words: 120, key: 'z' }) }),
      entry('b', [part('originators', 2)], { bulk: bulk({ words: 90, key: 'a' }) }),
      /more distinct words \(120 vs 90\)$/,
    ],
    [
      'nothing',
      entry('a', [part('originators', 2)], { bulk: bulk({ key: 'a' }) }),
      entry('b', [part('originators', 2)], { bulk: bulk({ key: 'b' }) }),
      /the order between them is arbitrary$/,
    ],
  ])('says when %s decided a tie', (_, first, second, note) => {
    for (const order of [
      [first, second],
      [second, first],
    ]) {
      const ranked = rankItems(order);
      expect(ranked.map((r) => r.item)).toEqual(['a', 'b']);
      expect(ranked[0]!.score).toBe(ranked[1]!.score);
      expect(ranked[0]!.note).toMatch(note);
      expect(ranked[1]!.note).toBeNull();
    }
  });
});

describe('scoreParts', () => {
  const base = {
    focus: [],
    exploited: [],
    zeroDay: false,
    cves: [],
    originators: [{ name: 'Unit 42', reliability: 'B' as const, aiGenerated: false }],
    actors: [],
    newActors: [],
    newMalware: [],
    outlets: ['Unit 42'],
    facts: 0,
    entities: 0,
    newest: '2026-06-01T00:00:00.000Z',
    recency: 0,
  };

  it('weighs originators by reliability, and an AI-generated outlet at half', () => {
    const two = scoreParts({
      ...base,
      originators: [
        { name: 'Unit 42', reliability: 'B', aiGenerated: false },
        { name: 'Newsbot', reliability: 'A', aiGenerated: true },
      ],
    });
    expect(two.find((p) => p.signal === 'originators')).toEqual({
      signal: 'originators',
      points: 4,
      detail: '2 independent: Unit 42 (B), Newsbot (A, AI)',
    });
  });

  it('counts a CVE said to be exploited above one only named, and a zero-day on top', () => {
    const named = scoreParts({ ...base, cves: ['CVE-2026-1'] });
    const exploited = scoreParts({
      ...base,
      cves: ['CVE-2026-1'],
      exploited: ['CVE-2026-1'],
      zeroDay: true,
    });
    expect(named.find((p) => p.signal === 'exploited')?.points).toBe(0.5);
    expect(exploited.find((p) => p.signal === 'exploited')).toMatchObject({
      points: 4,
      detail: 'CVE-2026-1 reported exploited; zero-day',
    });
  });
});
