/** @module Finds known phrases (places, sectors, organisations) as whole-word token sequences. */
import { joinable, type Token } from './tokens.ts';

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

export class PhraseMatcher<V> {
  readonly #byKey = new Map<string, { value: V; caseSensitive: boolean; exact: string }[]>();
  #maxTokens = 1;

  constructor(entries: Iterable<PhraseEntry<V>>) {
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
    }
  }

  match(text: string, tokens: Token[]): PhraseMatch<V>[] {
    const found: PhraseMatch<V>[] = [];
    let i = 0;
    while (i < tokens.length) {
      let matched = 0;
      for (let len = Math.min(this.#maxTokens, tokens.length - i); len >= 1 && !matched; len--) {
        let ok = true;
        for (let k = i; k < i + len - 1 && ok; k++) ok = joinable(text, tokens[k]!, tokens[k + 1]!);
        if (!ok) continue;
        const span = tokens.slice(i, i + len);
        const exact = span.map((t) => t.text).join(' ');
        const candidates = this.#byKey.get(exact.toLowerCase());
        const hit = candidates?.find((c) => !c.caseSensitive || c.exact === exact);
        if (!hit) continue;
        const start = span[0]!.start;
        const end = span.at(-1)!.end;
        found.push({ value: hit.value, surface: text.slice(start, end), start, end });
        matched = len;
      }
      i += matched || 1;
    }
    return found;
  }
}
