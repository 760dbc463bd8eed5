/**
 * @module Whose finding a sentence reports: its originator. A research team or agency speaking in
 * the sentence ("according to Unit 42", "Proofpoint assesses"), else the report's own authors
 * when it says "we", else the voice of the paragraph before, else the publisher. News outlets
 * that carried the story ("first reported by Bloomberg") and agencies named as sponsors ("linked
 * to the GRU") are never originators.
 */
import type { Mention } from '../../model/analysis.ts';
import { originatorByName } from '../lexicon/lexicon.ts';
import { findAgencies } from './agencies.ts';

const FIRST_PERSON = /\b(?:we|our|us|we've|we're|we'd)\b/i;
const SPEAKING_AFTER =
  /^\s*(?:'s\s+)?(?:researchers?|analysts?|experts?|team|said|says|say|reported|reports|report(?:ed)? that|assess\w*|attribut\w*|observ\w*|found|find|discover\w*|track\w*|believ\w*|stated?|states|wrote|writes|noted?|notes|publish\w*|identif\w*|link\w*|tie[sd]?|blam\w*|concluded?|warn\w*|announc\w*|disclos\w*|detail\w*|dubbed|named|calls?|called|indicated?|suggest\w*|confirm\w*|Threat|Security|Research|Intelligence)\b/i;
const SPEAKING_BEFORE =
  /\b(?:according to|said|says|per|researchers (?:at|from|with)|analysts (?:at|from)|experts (?:at|from)|report(?:ed)? by|analysis by|findings (?:of|from|by)|assessment (?:of|by))\s+(?:the\s+)?(?:[\p{Lu}][\p{L}'’]*\s+){0,3}$/u;

/** An originator mention that speaks in its sentence (not a label, a product, or a sponsor). */
function speaks(text: string, m: Mention): boolean {
  const kind = originatorByName(m.canonical)?.kind;
  if (kind === 'media') return false;
  // "Seashell Blizzard (Microsoft)" names a vendor's label; it is not the vendor speaking.
  if (text[m.start - 1] === '(' && text[m.end] === ')') return false;
  const after = text.slice(m.end, m.end + 40);
  const before = text.slice(Math.max(0, m.start - 60), m.start);
  if (findAgencies(m.surface).length > 0)
    return SPEAKING_AFTER.test(after) || SPEAKING_BEFORE.test(before);
  return true;
}

export interface VoiceTracker {
  /** The originator of the sentence at [start, end) in paragraph `block`; null means the publisher. */
  originatorOf(
    sentence: { start: number; end: number; block: number },
    inside: Mention[],
  ): string | null;
}

/**
 * Tracks voices through a report. `publisherSpeaks` is true when the report's publisher is a
 * research team itself (its "we" and its unattributed sentences are its own findings).
 */
export function createVoiceTracker(
  text: string,
  mentions: Mention[],
  publisherSpeaks: boolean,
): VoiceTracker {
  const tally = new Map<string, number>();
  for (const m of mentions)
    if (m.kind === 'originator' && speaks(text, m))
      tally.set(m.canonical, (tally.get(m.canonical) ?? 0) + 1);
  const top = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  let carried: { name: string | null; block: number } | undefined;
  return {
    originatorOf(sentence, inside) {
      const body = text.slice(sentence.start, sentence.end);
      const own = inside.find((m) => m.kind === 'originator' && speaks(text, m));
      if (own) {
        carried = { name: own.canonical, block: sentence.block };
        return own.canonical;
      }
      // Words in quotes are someone else's "we"; without a quote mark there is nothing to drop.
      const unquoted = /["“]/.test(body) ? body.replace(/["“][^"”]*["”]/g, '') : body;
      if (FIRST_PERSON.test(unquoted)) {
        carried = { name: null, block: sentence.block };
        return null;
      }
      if (carried && carried.block >= sentence.block - 1) return carried.name;
      return publisherSpeaks ? null : top;
    },
  };
}
