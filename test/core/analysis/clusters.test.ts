/** Story clustering rules, case by case: which pairs of reports tell one story, and by which rule. */
import { describe, expect, it } from 'vitest';
import {
  type StoryRule,
  sameStory,
  seriesOf,
  storyProfile,
} from '../../../src/core/analysis/clusters.ts';
import type { Mention } from '../../../src/core/model/analysis.ts';

describe('seriesOf', () => {
  it.each([
    ['Taking apart the Halfmoon loader - Part 2', 'taking apart the halfmoon loader', true],
    ['Taking apart the Halfmoon loader: part two', 'taking apart the halfmoon loader', true],
    ['The Story Of A Trojan Dropper II', 'the story of a trojan dropper', true],
    ['Super Mario Run Malware #2 – DroidJack RAT', 'super mario run malware', true],
    ['Inside the Quartz botnet (3)', 'inside the quartz botnet', true],
    ['Taking apart the Halfmoon loader', 'taking apart the halfmoon loader', false],
    ['APT29 returns with WINELOADER', 'apt29 returns with wineloader', false],
  ])('%j', (title, stem, marked) => {
    expect(seriesOf(title)).toEqual({ stem, marked });
  });

  it('ignores a column name too short to be one story', () => {
    expect(seriesOf('Update Part 2')).toBeNull();
    expect(seriesOf('')).toBeNull();
  });
});

const m = (kind: Mention['kind'], canonical: string, n = 1): Mention[] =>
  Array.from({ length: n }, (_, i) => ({
    kind,
    canonical,
    surface: canonical,
    start: i,
    end: i + 1,
  }));

function profile(input: {
  id: string;
  at: string;
  title: string;
  text: string;
  mentions?: Mention[];
}) {
  return storyProfile({
    reportId: input.id,
    clusterId: null,
    at: input.at,
    title: input.title,
    text: input.text,
    mentions: input.mentions ?? [],
    primaryActor: null,
  });
}

const CAMPAIGN_A =
  'The operators mailed diplomats an invitation to a wine tasting and the archive installed the backdoor on ministry workstations.';
const CAMPAIGN_B =
  'Diplomats at the ministry opened an invitation to a wine event; a dropper then installed the backdoor on their workstations.';
const OTHER =
  'A ransomware crew encrypted hospital file servers after buying access from a broker on a forum last month.';

describe('sameStory', () => {
  const cases: [
    string,
    ReturnType<typeof profile>,
    ReturnType<typeof profile>,
    StoryRule | null,
  ][] = [
    [
      'two parts of a series a week apart, sharing no names',
      profile({ id: 'a', at: '2026-06-01', title: 'Halfmoon loader - Part 1', text: OTHER }),
      profile({ id: 'b', at: '2026-06-08', title: 'Halfmoon loader - Part 2', text: CAMPAIGN_A }),
      'one series',
    ],
    [
      'a series more than a month apart',
      profile({ id: 'a', at: '2026-06-01', title: 'Halfmoon loader - Part 1', text: OTHER }),
      profile({ id: 'b', at: '2026-08-08', title: 'Halfmoon loader - Part 2', text: OTHER }),
      null,
    ],
    [
      'one actor with the same malware, told by two vendors',
      profile({
        id: 'a',
        at: '2026-06-01',
        title: 'Wine invitations',
        text: CAMPAIGN_A,
        mentions: [...m('actor', 'APT29', 3), ...m('malware', 'WINELOADER', 2)],
      }),
      profile({
        id: 'b',
        at: '2026-06-03',
        title: 'Embassy lures',
        text: CAMPAIGN_B,
        mentions: [...m('actor', 'APT29', 2), ...m('malware', 'WINELOADER')],
      }),
      'same actor and malware',
    ],
    [
      'the same actor and malware three weeks apart',
      profile({
        id: 'a',
        at: '2026-06-01',
        title: 'Wine invitations',
        text: CAMPAIGN_A,
        mentions: [...m('actor', 'APT29', 3), ...m('malware', 'WINELOADER', 2)],
      }),
      profile({
        id: 'b',
        at: '2026-06-22',
        title: 'Embassy lures',
        text: CAMPAIGN_B,
        mentions: [...m('actor', 'APT29', 2), ...m('malware', 'WINELOADER')],
      }),
      null,
    ],
    [
      'the same set of CVEs in similar words',
      profile({
        id: 'a',
        at: '2026-06-01',
        title: 'Gateway flaws',
        text: `${CAMPAIGN_A} CVE-2026-1000 and CVE-2026-1001 were used.`,
        mentions: [...m('cve', 'CVE-2026-1000'), ...m('cve', 'CVE-2026-1001')],
      }),
      profile({
        id: 'b',
        at: '2026-06-02',
        title: 'Patch now',
        text: `${CAMPAIGN_B} Attackers chained CVE-2026-1000 with CVE-2026-1001.`,
        mentions: [...m('cve', 'CVE-2026-1000'), ...m('cve', 'CVE-2026-1001')],
      }),
      'same CVE cluster',
    ],
    [
      'one shared CVE among many, in unrelated words',
      profile({
        id: 'a',
        at: '2026-06-01',
        title: 'Monthly patches',
        text: OTHER,
        mentions: ['1000', '1002', '1003', '1004'].flatMap((n) => m('cve', `CVE-2026-${n}`)),
      }),
      profile({
        id: 'b',
        at: '2026-06-02',
        title: 'Gateway flaws',
        text: CAMPAIGN_A,
        mentions: m('cve', 'CVE-2026-1000'),
      }),
      null,
    ],
    [
      'the same text re-issued by another outlet',
      profile({ id: 'a', at: '2026-06-01', title: 'One', text: CAMPAIGN_A }),
      profile({ id: 'b', at: '2026-06-02', title: 'Two', text: `${CAMPAIGN_A} Reprinted.` }),
      'same text',
    ],
    [
      'unrelated stories on the same day',
      profile({ id: 'a', at: '2026-06-01', title: 'One', text: CAMPAIGN_A }),
      profile({ id: 'b', at: '2026-06-01', title: 'Two', text: OTHER }),
      null,
    ],
  ];
  it.each(cases)('%s', (_, a, b, rule) => {
    expect(sameStory(a, b)).toBe(rule);
    expect(sameStory(b, a)).toBe(rule);
  });
});
