/** @module Short excerpts around the words a search matched, with the matches marked by offset. */
import { stemmer } from 'stemmer';
import type { Phrase } from './terms.ts';

export interface Snippet {
  text: string;
  /** [start, end) offsets of matched words within `text`. */
  highlights: [number, number][];
}

function fold(word: string): string {
  // Most words are plain ASCII, which decomposition leaves as it is.
  if (/^[\x20-\x7e]*$/.test(word)) return word.toLowerCase();
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const stems = new Map<string, string>();
function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = /^[a-z]+$/.test(word) ? stemmer(word) : word;
    if (stems.size > 50_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

/**
 * Loose equality that tolerates what the full-text index's Porter stemmer folds ("tracking" ~
 * "tracked", "servers" ~ "server"), and a longer word starting with the asked one.
 */
function sameWord(textWord: string, queryWord: string): boolean {
  if (textWord === queryWord) return true;
  if (Math.min(textWord.length, queryWord.length) < 4) return false;
  return stemOf(textWord) === stemOf(queryWord) || textWord.startsWith(queryWord);
}

/** A text's words, folded as the index folds them, with their offsets. */
export interface TextWord {
  word: string;
  start: number;
  end: number;
}

/** Splits `text` into words once, for a text searched for many phrases (see `findPhrasesIn`). */
export function textWords(text: string): TextWord[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    word: fold(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Offsets of every occurrence of a phrase (adjacent words) in `text`. */
export function findPhrases(text: string, phrases: Phrase[]): [number, number][] {
  return findPhrasesIn(textWords(text), phrases);
}

/** `findPhrases` over a text already split by `textWords`. */
export function findPhrasesIn(words: TextWord[], phrases: Phrase[]): [number, number][] {
  const found: [number, number][] = [];
  for (let i = 0; i < words.length; i++) {
    for (const phrase of phrases) {
      if (phrase.every((q, k) => words[i + k] && sameWord(words[i + k]!.word, q))) {
        found.push([words[i]!.start, words[i + phrase.length - 1]!.end]);
      }
    }
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** An excerpt of about `width` characters centred on the first match, cut at word boundaries. */
export function makeSnippet(text: string, phrases: Phrase[], width = 240): Snippet {
  const matches = findPhrases(text, phrases);
  const anchor = matches[0]?.[0] ?? 0;
  let start = Math.max(0, anchor - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < anchor ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > anchor ? space : end;
  }
  const prefix = start > 0 ? '…' : '';
  const body = text.slice(start, end).replace(/\n/g, ' ');
  const suffix = end < text.length ? '…' : '';
  const highlights = matches
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]) => [s - start + prefix.length, e - start + prefix.length] as [number, number]);
  return { text: prefix + body + suffix, highlights };
}
