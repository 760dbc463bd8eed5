/** @module Wording shared by every renderer (confidence label, citation marks, source details), so all formats say the same. */
import type { AttributionLine, Citation } from '../../core/model/answer.ts';
import { isoDay } from '../../core/text/dates.ts';

export type Escape = (text: string) => string;

/** "MODERATE confidence": capitals so the label cannot be mistaken for a likelihood word. */
export function confidenceLabel(line: Pick<AttributionLine, 'confidence'>): string {
  return `${String(line.confidence).toUpperCase()} confidence`;
}

/**
 * "[1][2]"; only whole positive numbers, so a malformed mark cannot carry text. Chat formats pass a
 * `limit`, so a statement citing hundreds of sources still leaves room for its words.
 */
export function marks(numbers: readonly number[], limit = Number.POSITIVE_INFINITY): string {
  const valid = numbers.filter((n) => Number.isSafeInteger(n) && n > 0);
  const shown = valid
    .slice(0, limit)
    .map((n) => `[${n}]`)
    .join('');
  return valid.length > limit ? `${shown}…` : shown;
}

/** The claim text followed by its marks, for formats where both are plain text. */
export function withMarks(text: string, numbers: readonly number[]): string {
  const m = marks(numbers);
  return m ? `${text} ${m}` : text;
}

/** "Attribution" for the answer's own subject; otherwise the subject is named. */
export function attributionHeading(
  line: AttributionLine,
  title: string,
  escapeFor: Escape,
): string {
  const same = line.subject.trim().toLowerCase() === title.trim().toLowerCase();
  return same ? 'Attribution' : `Attribution of ${escapeFor(line.subject)}`;
}

/** Names, with a count past the fifth: enough to see who, short enough for any format. */
function names(list: readonly string[], escapeFor: Escape): string {
  const shown = list.slice(0, 5).map(escapeFor).join(', ');
  return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
}

/**
 * "denied by PRC embassy; disputed by ESET", or null when nobody denied or disputed it, or when
 * the basis line already says so.
 */
export function dissent(line: AttributionLine, escapeFor: Escape): string | null {
  const parts: string[] = [];
  const unsaid = (who: string[]) => who.filter((name) => !line.basis.includes(name));
  if (unsaid(line.deniedBy).length)
    parts.push(`denied by ${names(unsaid(line.deniedBy), escapeFor)}`);
  if (unsaid(line.disputedBy).length)
    parts.push(`disputed by ${names(unsaid(line.disputedBy), escapeFor)}`);
  return parts.length ? parts.join('; ') : null;
}

/** "Unit 42, 2025-10-02, reliability C, TLP:CLEAR (marked AI-generated)": everything but the title. */
export function sourceDetails(citation: Citation, escapeFor: Escape): string {
  const parts = [
    citation.publisher ? escapeFor(citation.publisher) : null,
    escapeFor(isoDay(citation.published)),
    `reliability ${escapeFor(citation.reliability)}`,
    `TLP:${escapeFor(citation.tlp)}`,
  ].filter((p): p is string => !!p);
  return `${parts.join(', ')}${citation.aiGenerated ? ' (marked AI-generated)' : ''}`;
}

/** Citations in mark order, so "[2]" is always the second source listed. */
export function sortedCitations(citations: readonly Citation[]): Citation[] {
  return [...citations].sort((a, b) => a.n - b.n);
}
