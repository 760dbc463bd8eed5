/**
 * @module Runs of letters and digits, what /[\p{L}\p{N}]+/gu matches, found character by
 * character: tokenizing every report is hot, and a regex match object per word cost more than
 * the words.
 */

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Whether a code point is a letter or a digit: ASCII by its code, anything else by Unicode class. */
function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

/** Calls `found(start, end)` for each run of letters and digits in `text`, in order. */
export function forEachWordRun(text: string, found: (start: number, end: number) => void): void {
  let start = -1;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    if (isWordCodePoint(cp)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      found(start, i);
      start = -1;
    }
    i += cp > 0xffff ? 2 : 1;
  }
  if (start >= 0) found(start, text.length);
}

/** The runs of letters and digits in `text`, as strings. */
export function wordRuns(text: string): string[] {
  const out: string[] = [];
  forEachWordRun(text, (start, end) => out.push(text.slice(start, end)));
  return out;
}
