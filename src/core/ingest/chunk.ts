/** @module Cuts a report's text into passages: paragraphs first, long ones at sentence bounds. */
import { type Span, sentenceSpans } from '../text/sentences.ts';

export interface ChunkOptions {
  /** A paragraph longer than this is split. */
  maxChars: number;
  /** Pieces of a split paragraph are packed up to this length. */
  targetChars: number;
  /** A paragraph shorter than this (a heading, a date line) joins the next one. */
  minChars: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { maxChars: 1200, targetChars: 700, minChars: 120 };

function trimSpan(text: string, span: Span): Span | undefined {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : undefined;
}

function splitAt(text: string, span: Span, separator: RegExp): Span[] {
  const parts: Span[] = [];
  const re = new RegExp(separator.source, 'g');
  const slice = text.slice(span.start, span.end);
  let last = 0;
  for (const m of slice.matchAll(re)) {
    const part = trimSpan(text, { start: span.start + last, end: span.start + m.index });
    if (part) parts.push(part);
    last = m.index + m[0].length;
  }
  const tail = trimSpan(text, { start: span.start + last, end: span.end });
  if (tail) parts.push(tail);
  return parts;
}

/** Cuts an over-long sentence at the last space before the limit (or hard, for unbroken text). */
function hardSplit(text: string, span: Span, max: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  while (span.end - start > max) {
    const window = text.slice(start, start + max);
    const space = window.lastIndexOf(' ');
    const cut = space > max / 2 ? start + space : start + max;
    const piece = trimSpan(text, { start, end: cut });
    if (piece) out.push(piece);
    start = cut;
  }
  const tail = trimSpan(text, { start, end: span.end });
  if (tail) out.push(tail);
  return out;
}

/** Greedily joins neighbouring spans while the joined span stays within `limit`. */
function pack(spans: Span[], limit: number): Span[] {
  const out: Span[] = [];
  for (const span of spans) {
    const last = out.at(-1);
    if (last && span.end - last.start <= limit) last.end = span.end;
    else out.push({ ...span });
  }
  return out;
}

function splitLong(text: string, span: Span, options: ChunkOptions): Span[] {
  const lines = splitAt(text, span, /\n/);
  const pieces = lines.flatMap((line) => {
    if (line.end - line.start <= options.maxChars) return [line];
    return sentenceSpans(text, line.start, line.end).flatMap((s) =>
      s.end - s.start <= options.maxChars ? [s] : hardSplit(text, s, options.maxChars),
    );
  });
  return pack(pieces, options.targetChars);
}

/** Passage spans over `text`, in order, never overlapping, each within `maxChars`. */
export function chunkText(text: string, options: ChunkOptions = DEFAULT_CHUNKING): Span[] {
  const paragraphs = splitAt(text, { start: 0, end: text.length }, /\n\s*\n/).flatMap((p) =>
    p.end - p.start > options.maxChars ? splitLong(text, p, options) : [p],
  );
  const out: Span[] = [];
  let pending: Span | undefined;
  for (const paragraph of paragraphs) {
    if (pending && paragraph.end - pending.start <= options.maxChars) {
      pending.end = paragraph.end;
    } else {
      if (pending) out.push(pending);
      pending = { ...paragraph };
    }
    if (pending.end - pending.start >= options.minChars) {
      out.push(pending);
      pending = undefined;
    }
  }
  if (pending) {
    const last = out.at(-1);
    if (last && pending.end - last.start <= options.maxChars) last.end = pending.end;
    else out.push(pending);
  }
  return out;
}
