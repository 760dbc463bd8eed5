/** @module Word tokens with their offsets: the unit every matcher in extraction works on. */

export interface Token {
  text: string;
  start: number;
  end: number;
}

export function wordTokens(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/**
 * Whether two neighbouring tokens may belong to one name: joined by a space, a hyphen, an
 * underscore, an apostrophe or a dot inside a word ("Agent.BTZ"), never across a line break or
 * sentence punctuation.
 */
export function joinable(text: string, left: Token, right: Token): boolean {
  const gap = text.slice(left.end, right.start);
  return gap.length <= 2 && /^(?:[ \-_'’]|\.(?! )|[ ]?[-–][ ]?)$/.test(gap);
}

/** Lower case without accents: the per-token part of an alias key. */
export function foldToken(text: string): string {
  // Plain ASCII (most tokens) needs no Unicode decomposition.
  return /^[ -~]*$/.test(text)
    ? text.toLowerCase()
    : text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
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
