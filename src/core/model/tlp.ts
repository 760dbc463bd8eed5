/** @module TLP 2.0 labels, their order, and parsing of the spellings seen in the wild (TLP 1.0 included). */
import { z } from 'zod';

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export const TlpSchema = z.enum(TLP_LEVELS);
export type Tlp = z.infer<typeof TlpSchema>;

const RANK: Record<Tlp, number> = { CLEAR: 0, GREEN: 1, AMBER: 2, 'AMBER+STRICT': 3, RED: 4 };

export function tlpRank(tlp: Tlp): number {
  return RANK[tlp];
}

/** True when material labelled `tlp` may be shown at a destination cleared for `clearance`. */
export function isWithinClearance(tlp: Tlp, clearance: Tlp): boolean {
  return RANK[tlp] <= RANK[clearance];
}

/**
 * Reads a TLP label from free text: "TLP:AMBER", "amber", "tlp:amber+strict", "AMBER STRICT",
 * and the TLP 1.0 "WHITE" (which TLP 2.0 renamed CLEAR). Returns undefined when it is not a label.
 */
export function parseTlp(input: string): Tlp | undefined {
  const key = input
    .trim()
    .toUpperCase()
    .replace(/^TLP\s*[:_\- ]\s*/, '')
    .replace(/[\s_]+/g, ' ');
  switch (key) {
    case 'CLEAR':
    case 'WHITE':
      return 'CLEAR';
    case 'GREEN':
      return 'GREEN';
    case 'AMBER':
      return 'AMBER';
    case 'AMBER+STRICT':
    case 'AMBER STRICT':
    case 'AMBER-STRICT':
    case 'AMBER + STRICT':
      return 'AMBER+STRICT';
    case 'RED':
      return 'RED';
    default:
      return undefined;
  }
}

/** A zod schema that accepts any spelling `parseTlp` understands and yields the canonical label. */
export const TlpInputSchema = z.string().transform((value, ctx) => {
  const tlp = parseTlp(value);
  if (!tlp) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a TLP label (use one of ${TLP_LEVELS.join(', ')})`,
    });
    return z.NEVER;
  }
  return tlp;
});

/** The most restrictive of several labels (a document is as sensitive as its most sensitive part). */
export function strictestTlp(labels: readonly Tlp[], fallback: Tlp): Tlp {
  if (labels.length === 0) return fallback;
  return labels.reduce((a, b) => (RANK[a] >= RANK[b] ? a : b));
}
