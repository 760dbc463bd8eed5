/**
 * The hand-written scans that replaced regex scans must find exactly what the patterns find:
 * each is checked against the pattern it stands for, over awkward strings and random ones.
 */
import { describe, expect, it } from 'vitest';
import { joinable, wordTokens } from '../../../src/core/analysis/extract/tokens.ts';
import { findIndicators } from '../../../src/core/text/defang.ts';
import { tokenize } from '../../../src/core/text/terms.ts';

function regexTokens(text: string) {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function regexJoinable(text: string, left: { end: number }, right: { start: number }) {
  const gap = text.slice(left.end, right.start);
  return gap.length <= 2 && /^(?:[ \-_'’]|\.(?! )|[ ]?[-–][ ]?)$/.test(gap);
}

/** A seeded generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomTexts(pieces: string[], count: number, seed: number): string[] {
  const rnd = random(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    const length = Math.floor(rnd() * 14);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(rnd() * pieces.length)];
    return text;
  });
}

const AWKWARD = [
  'a',
  'Z',
  '7',
  ' ',
  '-',
  '–',
  '.',
  '_',
  "'",
  '’',
  'é',
  'e\u0301',
  '\u{1D400}',
  '\u{1F600}',
  '\ud800',
  '\udc00',
  '中',
  '٣',
  '\n',
  '(',
  'Ⅻ',
  '²',
  'İ',
  'ﬁ',
];

describe('word runs found by scanning', () => {
  it('are the runs /[\\p{L}\\p{N}]+/u matches, with their offsets', () => {
    const texts = [
      'APT29 (aka Cozy Bear) used “WellMess”—and SUNBURST.',
      'naïve café 東京 ٣٤ \u{1D400}\u{1D401} \ud800x \u{1F600}y',
      ...randomTexts(AWKWARD, 3000, 17),
    ];
    for (const text of texts) expect(wordTokens(text)).toEqual(regexTokens(text));
  });

  it('lower-case search terms as before (accents dropped)', () => {
    for (const text of ['Café São Paulo', 'APT-29 ＡＰＴ', ...randomTexts(AWKWARD, 1000, 5)]) {
      const expected =
        text
          .replace(/[\u0080-\uffff]+/g, (run) => run.normalize('NFKD').replace(/\p{M}/gu, ''))
          .toLowerCase()
          .match(/[\p{L}\p{N}]+/gu) ?? [];
      expect(tokenize(text)).toEqual(expected);
    }
  });

  it('join neighbours across the same gaps as the pattern', () => {
    for (const text of randomTexts(AWKWARD, 2000, 3)) {
      for (let start = 0; start < text.length; start++)
        for (let end = start; end <= Math.min(text.length, start + 4); end++) {
          const left = { text: '', start: 0, end: start };
          const right = { text: '', start: end, end };
          expect(joinable(text, left, right)).toBe(regexJoinable(text, left, right));
        }
    }
  });
});

describe('indicators found by the narrowed scans', () => {
  const DOMAIN =
    /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\[\.\]|\(\.\)|\.\]|\[\.|\\\.|\.))+([a-z]{2,24})\b(?![.\w-]*\()/gi;

  it('finds the domains the whole-text pattern finds, at the same places', () => {
    // Built from letters, dots and defanging only, nothing but a domain can match; of the
    // top-level domains these pieces can spell, only com and ru are known ones.
    const pieces = [
      'a',
      'b',
      'com',
      'ru',
      '.',
      '[.]',
      '(.)',
      '.]',
      '[.',
      '\\.',
      '-',
      '_',
      ' ',
      'x(',
    ];
    for (const text of [
      'C2 at evil[.]example[.]com and bad.ru, not x.com( or a.b',
      ...randomTexts([...pieces, '\n', 'A', 'é'], 3000, 11),
    ]) {
      const expected = [...text.matchAll(DOMAIN)]
        .filter((m) => ['com', 'ru'].includes(m[1]!.toLowerCase()))
        .map((m) => [m.index, m[0]]);
      const found = findIndicators(text).map((i) => [i.start, text.slice(i.start, i.end)]);
      expect(found).toEqual(expected);
    }
  });

  it('finds hashes only where they are, and all of them', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    const found = findIndicators(`files ${md5} and ${sha1.toUpperCase()}; not ${'a'.repeat(30)}1`);
    expect(found.filter((i) => i.type === 'hash').map((i) => i.value)).toEqual([md5, sha1]);
    // Wherever the run sits, and however long the text around it.
    for (let pad = 0; pad < 40; pad++) {
      for (const text of [' '.repeat(pad) + md5, `${' '.repeat(pad)}${md5} ${'x'.repeat(pad)}`]) {
        expect(findIndicators(text).map((i) => i.value)).toEqual([md5]);
      }
    }
  });
});
