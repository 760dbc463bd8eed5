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
