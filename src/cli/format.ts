/** @module Small helpers for terminal output: truncation, columns, highlighting. */
import type { Snippet } from '../core/text/snippet.ts';

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

/** Marks matched words: bold on a terminal, «…» elsewhere. */
export function highlight(snippet: Snippet, tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1m', '\x1b[22m'] : ['«', '»'];
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    if (start < at) continue;
    out += snippet.text.slice(at, start) + open + snippet.text.slice(start, end) + close;
    at = end;
  }
  return out + snippet.text.slice(at);
}
