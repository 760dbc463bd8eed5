/** @module Sentence boundaries as character spans, so a quote is always exact text of its source. */

export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'gen',
  'col',
  'lt',
  'sgt',
  'rep',
  'sen',
  'gov',
  'inc',
  'ltd',
  'corp',
  'co',
  'llc',
  'plc',
  'dept',
  'univ',
  'assn',
  'vs',
  'etc',
  'eg',
  'ie',
  'cf',
  'al',
  'approx',
  'est',
  'no',
  'nos',
  'fig',
  'vol',
  'ver',
  'op',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
]);

/** Characters that may close a sentence after its final punctuation. */
const CLOSERS = new Set(['"', "'", '’', '”', ')', ']', '»']);

function wordBefore(text: string, dot: number): string {
  let i = dot - 1;
  while (i >= 0 && /[\p{L}\p{N}.]/u.test(text[i]!)) i--;
  return text.slice(i + 1, dot).toLowerCase();
}

function isBoundary(text: string, at: number): boolean {
  const mark = text[at]!;
  if (mark === '!' || mark === '?') return true;
  // A period: not inside numbers, versions, domains or abbreviations, not after an initial.
  const before = wordBefore(text, at);
  if (ABBREVIATIONS.has(before) || ABBREVIATIONS.has(before.replace(/\./g, ''))) return false;
  if (/^\p{Lu}$/u.test(text[at - 1] ?? '') && before.length === 1) return false;
  return true;
}

/**
 * Splits `text[start, end)` into sentence spans. A line break always ends a sentence (our stored
 * text keeps one paragraph or heading per line); inside a line a sentence ends at . ! or ?
 * followed by white space and something that can start a sentence.
 */
export function sentenceSpans(text: string, start = 0, end = text.length): Span[] {
  const spans: Span[] = [];
  let sentenceStart = start;
  const push = (to: number) => {
    let s = sentenceStart;
    let e = to;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (let i = start; i < end; i++) {
    // Compared by code: most characters are neither a line break nor a full stop.
    const code = text.charCodeAt(i);
    if (code === 10) {
      push(i);
      sentenceStart = i + 1;
      continue;
    }
    if (code !== 46 && code !== 33 && code !== 63) continue; // . ! ?
    let j = i + 1;
    while (j < end && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
    while (j < end && CLOSERS.has(text[j]!)) j++;
    if (j < end && text[j] !== ' ' && text[j] !== '\n') continue;
    let k = j;
    while (k < end && text[k] === ' ') k++;
    const next = text[k];
    const startsSentence = next === undefined || next === '\n' || /[\p{Lu}\p{N}"'“‘([]/u.test(next);
    if (!startsSentence || !isBoundary(text, i)) continue;
    push(j);
    sentenceStart = j;
    i = j - 1;
  }
  push(end);
  return spans;
}

export function sentences(text: string): string[] {
  return sentenceSpans(text).map((s) => text.slice(s.start, s.end));
}
