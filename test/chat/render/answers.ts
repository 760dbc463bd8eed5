/** @module Answer fixtures for the renderer tests: the hand-written ones on disk, and a generated huge one. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Answer, AnswerSchema, type Citation } from '../../../src/core/model/answer.ts';
import { findIndicators, refang } from '../../../src/core/text/defang.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/answers');

export function loadAnswer(name: string): Answer {
  return AnswerSchema.parse(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')));
}

const words = (seed: string, length: number): string => {
  let text = '';
  for (let i = 0; text.length < length; i++) text += `${seed}${i} lorem ipsum dolor `;
  return text.slice(0, length);
};

/** 40 sections x 30 claims of 500 characters citing 60 sources, plus single strings far past every limit. */
export function hugeAnswer(): Answer {
  const citations: Citation[] = Array.from({ length: 60 }, (_, i) => ({
    n: i + 1,
    reportId: `r${i + 1}`,
    title: words(`Report title ${i + 1} `, 300),
    publisher: words(`Publisher ${i + 1} `, 60),
    url: `https://reports.example/${i + 1}?${'q'.repeat(200)}`,
    published: '2025-10-02T00:00:00.000Z',
    tlp: i % 2 ? 'GREEN' : 'CLEAR',
    reliability: 'B',
    aiGenerated: i % 5 === 0,
    quote: words(`Quote ${i + 1} `, 1000),
    quotes: [words(`Quote ${i + 1} `, 1000)],
  }));
  const sections = Array.from({ length: 40 }, (_, s) => ({
    title: words(`Section ${s} `, s === 0 ? 500 : 40),
    claims: Array.from({ length: 30 }, (_, c) => {
      const cites =
        s === 0 && c === 0
          ? citations.map((x) => x.n)
          : [((s * 7 + c) % 60) + 1, ((s * 13 + c * 3 + 5) % 60) + 1];
      return {
        text: words(`claim ${s}.${c} `, s === 1 && c === 0 ? 20_000 : 500),
        citations: [...new Set(cites)],
        evidence: cites.map((n) => ({ n, quote: citations[n - 1]!.quote })),
      };
    }),
  }));
  return {
    kind: 'profile',
    query: 'actor Huge',
    title: words('Huge Actor ', 400),
    summary: words('summary ', 5000),
    sections,
    attribution: [
      {
        subject: 'Huge Actor',
        attributedTo: words('Somewhere, state-sponsored ', 600),
        confidence: 'high',
        basis: words('basis ', 4000),
        citations: citations.map((c) => c.n),
        disputedBy: Array.from({ length: 30 }, (_, i) => `Vendor ${i}`),
        deniedBy: ['Embassy'],
      },
    ],
    citations,
    withheld: 3,
    clearance: 'GREEN',
    suggestions: Array.from({ length: 15 }, (_, i) => words(`suggestion ${i} `, 400)),
    subjects: ['Huge Actor'],
    engine: 'extractive',
    notice: words('notice ', 2000),
  };
}

/** Every string inside a JSON value, so checks cover every field a platform might render. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Indicators written plainly (clickable, resolvable) rather than defanged; hashes are never defanged. */
export function liveIndicators(text: string): string[] {
  return findIndicators(text)
    .filter((found) => found.type !== 'hash')
    .map((found) => text.slice(found.start, found.end))
    .filter((raw) => refang(raw) === raw);
}

/** The styling the terminal renderer itself emits (bold, dim, label colours); nothing else may appear. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching our own escape codes is the point
export const OWN_SGR = /\x1b\[(?:1|2|22|31|32|33|39)m/g;

/** Any C0 or C1 control byte other than the newline our own layout uses. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control bytes is the point
export const CONTROL_BYTE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
