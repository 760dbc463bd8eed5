import { describe, expect, it } from 'vitest';
import { parseTlp, strictestTlp } from '../../../src/core/model/tlp.ts';
import { isoDay, parseDate, parseDuration, resolveSince } from '../../../src/core/text/dates.ts';
import { declaresAiGenerated, headlineOf } from '../../../src/core/text/headline.ts';
import { contentHash, normalizeText } from '../../../src/core/text/normalize.ts';
import { sentences } from '../../../src/core/text/sentences.ts';
import { makeSnippet } from '../../../src/core/text/snippet.ts';
import { queryPhrases } from '../../../src/core/text/terms.ts';

describe('normalizeText', () => {
  it('keeps paragraphs, drops invisible and control characters, collapses spacing', () => {
    const raw =
      '\uFEFFTitle\r\n\r\n\r\n\r\nFirst\u200B  line\u202E with\ttabs \u0007\r\nSecond line   ';
    expect(normalizeText(raw)).toBe('Title\n\nFirst line with tabs\nSecond line');
  });

  it('hashes case- and spacing-insensitively, but not across different words', () => {
    expect(contentHash('APT29  read\nmail')).toBe(contentHash('apt29 read mail'));
    expect(contentHash('APT29 read mail')).not.toBe(contentHash('APT28 read mail'));
  });
});

describe('sentences', () => {
  it.each([
    ['Unit 42 said so. The group denied it.', ['Unit 42 said so.', 'The group denied it.']],
    [
      'The U.S. and the U.K. agreed. Then they acted.',
      ['The U.S. and the U.K. agreed.', 'Then they acted.'],
    ],
    [
      'Dr. Smith of Example Inc. spoke. Version 2.5 shipped.',
      ['Dr. Smith of Example Inc. spoke.', 'Version 2.5 shipped.'],
    ],
    [
      'It called evil.example.com daily. Really? Yes!',
      ['It called evil.example.com daily.', 'Really?', 'Yes!'],
    ],
    ['He said "stop." Then left.', ['He said "stop."', 'Then left.']],
    ['A heading\nA paragraph without a stop', ['A heading', 'A paragraph without a stop']],
    [
      'J. R. Doe wrote it. Others, e.g. Smith, agreed.',
      ['J. R. Doe wrote it.', 'Others, e.g. Smith, agreed.'],
    ],
  ])('%s', (text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2025-10-01', '2025-10-01T00:00:00.000Z'],
    ['2025-10-01T09:30:00+02:00', '2025-10-01T07:30:00.000Z'],
    ['Oct 13, 2020', '2020-10-13T00:00:00.000Z'],
    ['October 13 2020', '2020-10-13T00:00:00.000Z'],
    ['13 October 2020', '2020-10-13T00:00:00.000Z'],
    ['Tue, 01 Oct 2025 10:00:00 GMT', '2025-10-01T10:00:00.000Z'],
    ['2025-02-30', undefined],
    ['Lazarus Group', undefined],
    ['1066-10-14', undefined],
  ])('parseDate(%s)', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it('reads durations and --since values relative to now', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(resolveSince('7d', now)).toBe('2026-11-14T12:00:00.000Z');
    expect(resolveSince('2025-10-01', now)).toBe('2025-10-01T00:00:00.000Z');
    expect(resolveSince('yesterday-ish', now)).toBeUndefined();
    expect(isoDay('2025-10-01T07:30:00.000Z')).toBe('2025-10-01');
    expect(isoDay(null)).toBe('undated');
  });
});

describe('TLP labels', () => {
  it.each([
    ['TLP:AMBER', 'AMBER'],
    ['tlp:amber+strict', 'AMBER+STRICT'],
    ['Amber Strict', 'AMBER+STRICT'],
    ['white', 'CLEAR'],
    ['TLP:CLEAR', 'CLEAR'],
    ['red', 'RED'],
    ['purple', undefined],
  ])('parseTlp(%s)', (input, expected) => {
    expect(parseTlp(input)).toBe(expected);
  });

  it('takes the strictest of several labels', () => {
    expect(strictestTlp(['GREEN', 'AMBER', 'CLEAR'], 'CLEAR')).toBe('AMBER');
    expect(strictestTlp([], 'GREEN')).toBe('GREEN');
  });
});

describe('search terms and snippets', () => {
  it('keeps hyphenated names as phrases and drops stop words', () => {
    expect(queryPhrases('what is CL-STA-0043 doing on the Exchange servers?')).toEqual([
      ['cl', 'sta', '0043'],
      ['doing'],
      ['exchange'],
      ['servers'],
    ]);
    expect(queryPhrases('the')).toEqual([['the']]);
    expect(queryPhrases('"); DROP --')).toEqual([['drop']]);
  });

  it('centres the snippet on the first match and marks every match inside it', () => {
    const text = `${'Filler words come first. '.repeat(20)}Then Phantom Taurus reached the Exchange servers. ${'More filler. '.repeat(20)}`;
    const snippet = makeSnippet(text, queryPhrases('exchange server'), 120);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    const marked = snippet.highlights.map(([s, e]) => snippet.text.slice(s, e));
    expect(marked).toEqual(['Exchange', 'servers']);
  });
});

describe('what a text says about itself', () => {
  it.each([
    ['Internal note\nAPT33 scanned our VPN.', 'Internal note'],
    [
      'Who hacked the Democratic National Committee?\nJun 17, 2016\nBody.',
      'Who hacked the Democratic National Committee?',
    ],
    [
      "What is the story about?\nWhat's Happening?\nA group called Example Ursa hit ministries. More text.",
      'A group called Example Ursa hit ministries',
    ],
    [
      'Researchers found that a long-running espionage group has been quietly reading the mail of foreign ministries on three continents for years, and more.',
      'Researchers found that a long-running espionage group has been quietly reading the mail of foreign ministries on three…',
    ],
  ])('headline of %j', (text, headline) => {
    expect(headlineOf(text)).toBe(headline);
  });

  it.each([
    ['Body text.\nAI Generated Content\nDo you find this article useful?', true],
    ['This summary was generated by AI.', true],
    ['## Footer\n*AI-generated*', true],
    ['Analysts generated reports by hand. AI helped nobody.', false],
    ['We observed AI generated content farms spreading lures.', false],
  ])('declares itself AI-generated: %j', (text, marked) => {
    expect(declaresAiGenerated(text)).toBe(marked);
  });
});
