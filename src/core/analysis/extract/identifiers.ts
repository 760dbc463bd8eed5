/** @module CVE ids, ATT&CK technique ids and indicators of compromise. */
import type { Mention } from '../../model/analysis.ts';
import { findIndicators } from '../../text/defang.ts';

const CVE = /\bCVE[-‐–](\d{4})[-‐–](\d{4,7})\b/gi;
const TECHNIQUE = /\b(T1\d{3})(?:\.(\d{3}))?\b/g;

export function findIdentifiers(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const m of text.matchAll(CVE)) {
    mentions.push({
      kind: 'cve',
      canonical: `CVE-${m[1]}-${m[2]}`,
      surface: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const m of text.matchAll(TECHNIQUE)) {
    const canonical = m[2] ? `${m[1]}.${m[2]}` : m[1]!;
    mentions.push({
      kind: 'technique',
      canonical,
      surface: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const i of findIndicators(text)) {
    mentions.push({
      kind: 'indicator',
      canonical: i.value,
      surface: text.slice(i.start, i.end),
      start: i.start,
      end: i.end,
    });
  }
  return mentions;
}
