/** @module Turns a user's search words into phrases both stores can match the same way. */
import { wordRuns } from './word-runs.ts';

const STOP_WORDS = new Set(
  (
    'a an and are as at be by did do does for from has have how i in is it its me of on or ' +
    'that the their them they this to was were what when where which who whom why will with ' +
    'about any can could tell show give know us you your there these those been being into'
  ).split(' '),
);

/** A phrase is a run of lower-case tokens that must appear next to each other. */
export type Phrase = string[];

/** Lower case without accents: the text tokens are read from. */
export function foldForTerms(text: string): string {
  return (
    text
      // Only non-ASCII runs can decompose or carry marks; normalizing just them gives the same
      // text as normalizing the whole (ASCII characters are starters), at a fraction of the cost.
      .replace(/[\u0080-\uffff]+/g, (run) => run.normalize('NFKD').replace(/\p{M}/gu, ''))
      .toLowerCase()
  );
}

/** Tokens as full-text indexes split them: letters and digits, everything else a separator. */
export function tokenize(text: string): string[] {
  return wordRuns(foldForTerms(text));
}

/**
 * "CL-STA-0043 Exchange servers" -> [["cl","sta","0043"],["exchange"],["servers"]].
 * Words joined by punctuation stay one phrase; stop words go unless nothing else is left.
 */
export function queryPhrases(query: string): Phrase[] {
  const words = query.split(/\s+/).filter(Boolean);
  const phrases = words.map(tokenize).filter((p) => p.length > 0);
  const meaningful = phrases.filter((p) => p.length > 1 || !STOP_WORDS.has(p[0]!));
  const chosen = meaningful.length > 0 ? meaningful : phrases;
  const seen = new Set<string>();
  return chosen.filter((p) => {
    const key = p.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
