/**
 * @module Why a briefing is in this order (`digest --explain`): each item's score as the sum of
 * its parts, each part with what it rests on, and for items with equal scores what put one
 * first. Plain lines; the caller escapes them for its terminal (titles are report text).
 */
import type { Digest } from '../model/digest.ts';

export function explainRanking(
  digest: Digest,
  /** Escapes report-derived text (titles, names) for where the lines are shown. */
  escapeText: (text: string) => string = (text) => text,
): string[] {
  const lines: string[] = [];
  for (const item of digest.items) {
    lines.push(`${item.n}. ${escapeText(item.title)} — score ${item.score.toFixed(2)}`);
    for (const part of item.scoreParts)
      lines.push(
        `     ${part.signal.padEnd(11)} ${part.points.toFixed(2).padStart(6)}  ${escapeText(part.detail)}`,
      );
    if (item.scoreParts.length === 0)
      lines.push('     no signal: no originator, actor, vulnerability or date stood out');
    if (item.rankNote) lines.push(`     order: ${escapeText(item.rankNote)}`);
  }
  if (digest.more.count)
    lines.push(
      `${digest.more.count} more stor${digest.more.count === 1 ? 'y' : 'ies'} ranked below item ${digest.items.at(-1)?.n ?? 0}.`,
    );
  return lines;
}

/** Adjacent items with equal scores whose order no signal decided: the check behind "no silent ties". */
export function unexplainedTies(digest: Digest): number {
  return digest.items.filter((item, i) => {
    const next = digest.items[i + 1];
    return (
      next !== undefined &&
      next.score === item.score &&
      (!item.rankNote || item.rankNote.endsWith('arbitrary'))
    );
  }).length;
}
