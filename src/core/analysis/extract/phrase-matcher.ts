/** @module Finds known phrases (places, sectors, organisations) as whole-word token sequences. */
import { lowerTokens, type Token, tokenLinks } from './tokens.ts';

export interface PhraseEntry<V> {
  phrase: string;
  value: V;
  /** Only an exact-case match counts ("US", "Chad", "Jordan"). */
  caseSensitive?: boolean;
}

export interface PhraseMatch<V> {
  value: V;
  surface: string;
  start: number;
  end: number;
}

function words(phrase: string): string[] {
  return phrase.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The first word (lower case) of every phrase of every matcher, with one bit per matcher that
 * has a phrase starting with it. Most tokens start no phrase at all: one lookup here per token
 * tells every matcher so, instead of each asking its own prefixes.
 */
const firstWords = new Map<string, number>();
/** Matchers with a bit in `firstWords`; the rest (past 31) walk without the shared check. */
let matchersWithBits = 0;
/** Per token list, each token's bits from `firstWords`, and how many matchers they cover. */
const startsOf = new WeakMap<Token[], { matchers: number; bits: Int32Array }>();

function startBits(tokens: Token[], lower: string[]): Int32Array {
  const known = startsOf.get(tokens);
  if (known?.matchers === matchersWithBits) return known.bits;
  const bits = new Int32Array(tokens.length);
  for (let i = 0; i < lower.length; i++) bits[i] = firstWords.get(lower[i]!) ?? 0;
  startsOf.set(tokens, { matchers: matchersWithBits, bits });
  return bits;
}

export class PhraseMatcher<V> {
  readonly #byKey = new Map<string, { value: V; caseSensitive: boolean; exact: string }[]>();
  /** Every leading run of words of every phrase, lower case: where a walk may continue. */
  readonly #prefixes = new Set<string>();
  #maxTokens = 1;
  /** This matcher's bit in `firstWords`, or 0 when it has none. */
  readonly #bit: number;

  constructor(entries: Iterable<PhraseEntry<V>>) {
    this.#bit = matchersWithBits < 31 ? 1 << matchersWithBits++ : 0;
    for (const entry of entries) {
      const tokens = words(entry.phrase);
      if (tokens.length === 0) continue;
      this.#maxTokens = Math.max(this.#maxTokens, tokens.length);
      const key = tokens.join(' ').toLowerCase();
      const list = this.#byKey.get(key) ?? [];
      list.push({
        value: entry.value,
        caseSensitive: entry.caseSensitive ?? false,
        exact: tokens.join(' '),
      });
      this.#byKey.set(key, list);
      for (let n = 1; n <= tokens.length; n++)
        this.#prefixes.add(tokens.slice(0, n).join(' ').toLowerCase());
      const first = tokens[0]!.toLowerCase();
      firstWords.set(first, (firstWords.get(first) ?? 0) | this.#bit);
    }
  }

  match(text: string, tokens: Token[]): PhraseMatch<V>[] {
    const lower = lowerTokens(tokens);
    const links = tokenLinks(text, tokens);
    const starts = this.#bit ? startBits(tokens, lower) : undefined;
    const found: PhraseMatch<V>[] = [];
    let i = 0;
    while (i < tokens.length) {
      if (starts && !(starts[i]! & this.#bit)) {
        i++;
        continue;
      }
      let key = '';
      let best: { len: number; value: V } | undefined;
      for (let len = 1; len <= this.#maxTokens && i + len <= tokens.length; len++) {
        if (len > 1 && !links[i + len - 2]) break;
        key = len === 1 ? lower[i]! : `${key} ${lower[i + len - 1]}`;
        if (!this.#prefixes.has(key)) break;
        const candidates = this.#byKey.get(key);
        if (!candidates) continue;
        const exact = tokens
          .slice(i, i + len)
          .map((t) => t.text)
          .join(' ');
        const hit = candidates.find((c) => !c.caseSensitive || c.exact === exact);
        if (hit) best = { len, value: hit.value };
      }
      if (!best) {
        i++;
        continue;
      }
      const start = tokens[i]!.start;
      const end = tokens[i + best.len - 1]!.end;
      found.push({ value: best.value, surface: text.slice(start, end), start, end });
      i += best.len;
    }
    return found;
  }
}
