/** @module Word tokens with their offsets: the unit every matcher in extraction works on. */
import { forEachWordRun } from '../../text/word-runs.ts';

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Runs of letters and digits with their offsets (what /[\p{L}\p{N}]+/gu matches). */
export function wordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWordRun(text, (start, end) => tokens.push({ text: text.slice(start, end), start, end }));
  return tokens;
}

/**
 * Whether two neighbouring tokens may belong to one name: joined by a space, a hyphen, an
 * underscore, an apostrophe or a dot inside a word ("Agent.BTZ"), never across a line break or
 * sentence punctuation.
 */
export function joinable(text: string, left: Token, right: Token): boolean {
  return right.start - left.end <= 2 && JOINING_GAPS.has(text.slice(left.end, right.start));
}

/**
 * Every gap of at most two characters that joins: one of space, hyphen, underscore, apostrophes,
 * a dot or an en dash, or a hyphen or en dash with a space on one side.
 */
const JOINING_GAPS = new Set([' ', '-', '_', "'", '’', '.', '–', ' -', ' –', '- ', '– ']);

/** Lower case without accents: the per-token part of an alias key. */
export function foldToken(text: string): string {
  // Plain ASCII (most tokens) needs no Unicode decomposition.
  return isPrintableAscii(text)
    ? text.toLowerCase()
    : text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Lower-cased tokens of a token list already computed: every matcher walks the same tokens. */
const lowerOf = new WeakMap<Token[], string[]>();

/** Each token lower-cased, computed once per token list. */
export function lowerTokens(tokens: Token[]): string[] {
  let lower = lowerOf.get(tokens);
  if (!lower) {
    lower = tokens.map((t) => t.text.toLowerCase());
    lowerOf.set(tokens, lower);
  }
  return lower;
}

/** foldToken() of every token; a plain ASCII token's is its lower case, shared with the lexicons. */
export function foldedTokens(tokens: Token[]): string[] {
  const lower = lowerTokens(tokens);
  return tokens.map((t, i) => (isPrintableAscii(t.text) ? lower[i]! : foldToken(t.text)));
}

/** Whether every character is printable ASCII (space to tilde). */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Links of a token list already computed: every matcher of one text walks the same tokens. */
const linksOf = new WeakMap<Token[], { text: string; links: boolean[] }>();

/** joinable() for every neighbouring pair: links[i] tells whether tokens i and i+1 may join. */
export function tokenLinks(text: string, tokens: Token[]): boolean[] {
  const known = linksOf.get(tokens);
  if (known?.text === text) return known.links;
  const links: boolean[] = [];
  for (let i = 0; i + 1 < tokens.length; i++)
    links.push(joinable(text, tokens[i]!, tokens[i + 1]!));
  linksOf.set(tokens, { text, links });
  return links;
}
