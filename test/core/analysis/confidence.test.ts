import { describe, expect, it } from 'vitest';
import {
  assessAttributions,
  describeBasis,
  type Evidence,
} from '../../../src/core/analysis/confidence.ts';
import type { Claim, Stance, Strength } from '../../../src/core/model/analysis.ts';
import type { Reliability } from '../../../src/core/model/reliability.ts';

interface Row {
  report: string;
  publisher: string;
  reliability: Reliability;
  originator: string | null;
  strength: Strength;
  stance?: Stance;
  stated?: 'high' | 'moderate' | 'low';
  object?: string;
  ai?: boolean;
  cues?: string[];
}

function evidence(rows: Row[]): Evidence[] {
  return rows.map((r) => {
    const claim: Claim = {
      subject: 'Test Actor',
      relation: 'state-sponsored-by',
      object: r.object ?? 'China',
      objectKind: 'country',
      country: r.object ?? 'China',
      strength: r.strength,
      statedConfidence: r.stated ?? null,
      stance: r.stance ?? 'supports',
      originator: r.originator,
      cues: r.cues ?? [],
      start: 0,
      end: 10,
      quote: 'quoted sentence',
    };
    return {
      claim,
      reportId: r.report,
      publisher: r.publisher,
      reliability: r.reliability,
      aiGenerated: r.ai ?? false,
    };
  });
}

const cite = (ids: string[]) => ids.map((id) => `[${id}]`).join('');

describe('attribution confidence rubric', () => {
  it.each<[string, Row[], 'high' | 'moderate' | 'low', string]>([
    [
      'one vendor, hedged',
      [
        {
          report: 'r1',
          publisher: 'Vendor Blog',
          reliability: 'B',
          originator: 'Vendor',
          strength: 'hedged',
          cues: ['suspected'],
        },
      ],
      'low',
      'weak-evidence',
    ],
    [
      'one vendor, asserted, carried by a reliable publisher',
      [
        {
          report: 'r1',
          publisher: 'Vendor Blog',
          reliability: 'B',
          originator: 'Vendor',
          strength: 'assertive',
        },
      ],
      'moderate',
      'one-reliable-source',
    ],
    [
      'two independent vendors assert it at A-B',
      [
        {
          report: 'r1',
          publisher: 'Vendor A Blog',
          reliability: 'A',
          originator: 'Vendor A',
          strength: 'assertive',
        },
        {
          report: 'r2',
          publisher: 'Vendor B Blog',
          reliability: 'B',
          originator: 'Vendor B',
          strength: 'assertive',
        },
      ],
      'high',
      'independent-reliable-sources',
    ],
    [
      'two teams named in one blog post are one report, not two independent sources',
      [
        {
          report: 'r1',
          publisher: 'Vendor Blog',
          reliability: 'B',
          originator: 'Vendor A',
          strength: 'assertive',
        },
        {
          report: 'r1',
          publisher: 'Vendor Blog',
          reliability: 'B',
          originator: 'Vendor B',
          strength: 'assertive',
        },
      ],
      'moderate',
      'one-reliable-source',
    ],
    [
      'several outlets syndicating one vendor count once',
      [
        {
          report: 'r1',
          publisher: 'Outlet One',
          reliability: 'B',
          originator: 'Vendor',
          strength: 'assertive',
        },
        {
          report: 'r2',
          publisher: 'Outlet Two',
          reliability: 'B',
          originator: 'Vendor',
          strength: 'assertive',
        },
        {
          report: 'r3',
          publisher: 'Outlet Three',
          reliability: 'A',
          originator: 'Vendor',
          strength: 'assertive',
        },
      ],
      'moderate',
      'one-reliable-source',
    ],
    [
      'an explicit "high confidence" statement',
      [
        {
          report: 'r1',
          publisher: 'Gov Digest',
          reliability: 'B',
          originator: 'Agency',
          strength: 'explicit',
          stated: 'high',
        },
      ],
      'high',
      'stated-high-confidence',
    ],
    [
      'a denial is shown but not counted',
      [
        {
          report: 'r1',
          publisher: 'Vendor Blog',
          reliability: 'B',
          originator: 'Vendor',
          strength: 'assertive',
        },
        {
          report: 'r1',
          publisher: 'Vendor Blog',
          reliability: 'B',
          originator: 'Chinese Embassy',
          strength: 'assertive',
          stance: 'denial',
          cues: ['rejected'],
        },
      ],
      'moderate',
      'one-reliable-source',
    ],
    [
      'independent disagreement lowers it',
      [
        {
          report: 'r1',
          publisher: 'Vendor A Blog',
          reliability: 'A',
          originator: 'Vendor A',
          strength: 'assertive',
        },
        {
          report: 'r2',
          publisher: 'Vendor B Blog',
          reliability: 'B',
          originator: 'Vendor B',
          strength: 'assertive',
        },
        {
          report: 'r3',
          publisher: 'Analyst Firm',
          reliability: 'C',
          originator: 'Analyst Firm',
          strength: 'assertive',
          stance: 'disputes',
          cues: ['inconclusive'],
        },
      ],
      'low',
      'credible-dispute',
    ],
    [
      'a dispute from an unreliable source does not lower it',
      [
        {
          report: 'r1',
          publisher: 'Vendor A Blog',
          reliability: 'A',
          originator: 'Vendor A',
          strength: 'assertive',
        },
        {
          report: 'r2',
          publisher: 'Vendor B Blog',
          reliability: 'B',
          originator: 'Vendor B',
          strength: 'assertive',
        },
        {
          report: 'r3',
          publisher: 'Forum Post',
          reliability: 'E',
          originator: 'Anon',
          strength: 'assertive',
          stance: 'disputes',
        },
      ],
      'high',
      'independent-reliable-sources',
    ],
    [
      'two independent sources that only hedge',
      [
        {
          report: 'r1',
          publisher: 'Vendor A Blog',
          reliability: 'C',
          originator: 'Vendor A',
          strength: 'hedged',
        },
        {
          report: 'r2',
          publisher: 'Vendor B Blog',
          reliability: 'D',
          originator: 'Vendor B',
          strength: 'hedged',
        },
      ],
      'moderate',
      'several-sources',
    ],
    [
      'speculation alone',
      [
        {
          report: 'r1',
          publisher: 'Vendor Blog',
          reliability: 'A',
          originator: 'Vendor',
          strength: 'speculative',
          cues: ['may'],
        },
      ],
      'low',
      'weak-evidence',
    ],
    [
      'an assertion only from an unreliable outlet',
      [
        {
          report: 'r1',
          publisher: 'Rumour Mill',
          reliability: 'E',
          originator: null,
          strength: 'assertive',
        },
      ],
      'low',
      'weak-evidence',
    ],
  ])('%s', (_name, rows, label, rule) => {
    const [assessment] = assessAttributions(evidence(rows));
    expect(assessment).toMatchObject({ subject: 'Test Actor', object: 'China', label, rule });
    expect(describeBasis(assessment!, cite)).not.toBe('');
  });

  it('explains the basis: originators, outlets, wording with citations, denial', () => {
    const [a] = assessAttributions(
      evidence([
        {
          report: 'r1',
          publisher: 'Cyber Desk',
          reliability: 'C',
          originator: 'Unit 42',
          strength: 'hedged',
          cues: ['suspected', 'aligns with'],
        },
        {
          report: 'r2',
          publisher: 'BriefStream',
          reliability: 'E',
          originator: 'Unit 42',
          strength: 'assertive',
          ai: true,
        },
        {
          report: 'r1',
          publisher: 'Cyber Desk',
          reliability: 'C',
          originator: 'Chinese Embassy',
          strength: 'assertive',
          stance: 'denial',
          cues: ['rejected'],
        },
      ]),
    );
    expect(a!.label).toBe('moderate');
    const basis = describeBasis(a!, cite);
    expect(basis).toContain('one originating source (Unit 42) reported by two outlets');
    expect(basis).toContain('hedged wording ("suspected", "aligns with") [r1]');
    expect(basis).toContain('assertive wording in an AI-generated outlet only [r2]');
    expect(basis).toContain('denied by the Chinese Embassy [r1]');
    expect(a!.denials).toEqual([{ by: 'Chinese Embassy', reportIds: ['r1'] }]);
  });

  it('says so when the only evidence disputes the tie', () => {
    const [a] = assessAttributions(
      evidence([
        {
          report: 'r1',
          publisher: 'Vendor A Blog',
          reliability: 'B',
          originator: 'Vendor A',
          strength: 'assertive',
          stance: 'disputes',
          cues: ['not found a strong link'],
        },
      ]),
    );
    expect(a).toMatchObject({ label: 'low', rule: 'disputed-only' });
    const basis = describeBasis(a!, cite);
    expect(basis).toContain('no source asserts it');
    expect(basis).not.toContain('disagree');
  });

  it('is deterministic and keeps separate objects apart', () => {
    const rows: Row[] = [
      {
        report: 'r1',
        publisher: 'P1',
        reliability: 'B',
        originator: 'V1',
        strength: 'assertive',
        object: 'Russia',
      },
      {
        report: 'r2',
        publisher: 'P2',
        reliability: 'B',
        originator: 'V2',
        strength: 'hedged',
        object: 'China',
      },
    ];
    const once = assessAttributions(evidence(rows));
    expect(assessAttributions(evidence([...rows].reverse()))).toEqual(once);
    expect(once.map((a) => [a.object, a.label])).toEqual([
      ['Russia', 'moderate'],
      ['China', 'low'],
    ]);
  });
});
