/**
 * @module Small helpers for terminal output: truncation, columns, highlighting, and the two ways
 * text reaches a terminal: report text escaped and defanged (`shown`), names made visible (`named`).
 */
import { plainTerminal, plainTerminalPiece, visibleName } from '../chat/render/escape.ts';
import { findIndicators } from '../core/text/defang.ts';
import type { Snippet } from '../core/text/snippet.ts';

/** Report text for a terminal: no escape sequences or bidi controls, indicators defanged, as `ask` shows it. */
export const shown = (text: string | null | undefined): string => plainTerminal(text ?? '');

/** A path or other name the user must be able to find again: controls shown as visible escapes. */
export const named = (text: string): string => visibleName(text);

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** Left-aligned columns; the last column takes what is left of the terminal width. */
export function table(rows: string[][], columns: number): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((row) => {
      const head = row
        .slice(0, -1)
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ');
      const room = Math.max(20, columns - head.length - 2);
      return `${head}  ${truncate(row.at(-1) ?? '', room)}`.trimEnd();
    })
    .join('\n');
}

/**
 * Marks matched words: bold on a terminal, «…» elsewhere. Each piece is escaped on its own; a mark
 * that would cut through an indicator is widened to cover it, so the indicator is still defanged.
 */
export function highlight(snippet: Snippet, tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1m', '\x1b[22m'] : ['«', '»'];
  const indicators = findIndicators(snippet.text);
  const widen = ([start, end]: [number, number]): [number, number] => {
    for (const found of indicators) {
      if (found.start < end && found.end > start) {
        start = Math.min(start, found.start);
        end = Math.max(end, found.end);
      }
    }
    return [start, end];
  };
  let out = '';
  let at = 0;
  for (const mark of snippet.highlights) {
    const [start, end] = widen(mark);
    if (start < at) continue;
    out +=
      plainTerminalPiece(snippet.text.slice(at, start)) +
      open +
      plainTerminalPiece(snippet.text.slice(start, end)) +
      close;
    at = end;
  }
  return (out + plainTerminalPiece(snippet.text.slice(at))).trim();
}
