/**
 * @module The document model of a report's text: blocks (headings, paragraphs, list items, table
 * rows, quotes, code, images), sections under headings, and sentences, all as exact offsets into
 * the stored text. Analysis reads scope from it: which heading a sentence sits under, which
 * paragraph it shares with the sentences before it.
 */
import { type Span, sentenceSpans } from './sentences.ts';

export type BlockKind =
  | 'title'
  | 'heading'
  | 'paragraph'
  | 'list-item'
  | 'table-row'
  | 'quote'
  | 'code'
  | 'image'
  | 'rule';

export interface Block extends Span {
  kind: BlockKind;
  /** Headings: 1 (#) to 5 (a short plain line); 0 for the title. Other blocks: 0. */
  level: number;
  /** The section (index into `sections`) the block belongs to. */
  section: number;
}

export interface Section {
  /** The heading block, or -1 for the text before the first heading. */
  heading: number;
  level: number;
  /** The enclosing section (a heading of a lower level before it), or -1. */
  parent: number;
}

export interface DocSentence extends Span {
  block: number;
  section: number;
}

export interface DocumentModel {
  text: string;
  blocks: Block[];
  sections: Section[];
  /** Sentences of prose blocks (headings, paragraphs, list items, quotes, table rows), in order. */
  sentences: DocSentence[];
}

const MARKDOWN_HEADING = /^(#{1,6})\s+\S/;
const SETEXT_RULE = /^(?:={3,}|-{3,})\s*$/;
const RULE = /^(?:[-*_]\s*){3,}$/;
const BOLD_LINE = /^\*\*[^*].*\*\*:?\s*$|^__[^_].*__:?\s*$/;
const LIST_ITEM = /^(?:[*+•-]|\d{1,3}[.)])\s+/;
const IMAGE = /^!\[[^\]]*\]\([^)]*\)|^\[!\[/;
const CAPTION = /^[*_](?:Figure|Fig\.|Image|Table|Source)\b/i;

/** A line short and unpunctuated enough to be a plain-text heading, when prose follows it. */
function looksLikeHeading(line: string): boolean {
  if (line.length > 90 || /[.!?;,:]$/.test(line) || LIST_ITEM.test(line)) return false;
  const words = line.split(/\s+/).length;
  if (words > 10) return false;
  return /^[\p{Lu}\p{N}"“'‘]/u.test(line);
}

function isProse(line: string): boolean {
  return line.split(/\s+/).length >= 6 || /[.!?]$/.test(line);
}

interface RawLine extends Span {
  content: string;
}

function linesOf(text: string): RawLine[] {
  const out: RawLine[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    out.push({ start, end, content: text.slice(start, end).trim() });
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}

function classify(lines: RawLine[]): { kind: BlockKind; level: number }[] {
  const out: { kind: BlockKind; level: number }[] = [];
  let inCode = false;
  let titleSeen = false;
  const nextContent = (i: number) => {
    for (let j = i + 1; j < lines.length; j++) if (lines[j]!.content) return lines[j]!.content;
    return '';
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.content;
    if (/^(?:```|~~~)/.test(line)) {
      inCode = !inCode;
      out.push({ kind: 'code', level: 0 });
      continue;
    }
    if (inCode) {
      out.push({ kind: 'code', level: 0 });
      continue;
    }
    if (!line) {
      out.push({ kind: 'rule', level: 0 });
      continue;
    }
    const heading = MARKDOWN_HEADING.exec(line);
    const underline = lines[i + 1]?.content ?? '';
    let block: { kind: BlockKind; level: number };
    if (!titleSeen && looksLikeHeading(line) && !heading) block = { kind: 'title', level: 0 };
    else if (heading) block = { kind: 'heading', level: heading[1]!.length };
    else if (SETEXT_RULE.test(underline) && !LIST_ITEM.test(line) && line.length <= 120)
      block = { kind: 'heading', level: underline.startsWith('=') ? 1 : 2 };
    else if (SETEXT_RULE.test(line) || RULE.test(line)) block = { kind: 'rule', level: 0 };
    else if (IMAGE.test(line) || CAPTION.test(line)) block = { kind: 'image', level: 0 };
    else if (line.startsWith('|')) block = { kind: 'table-row', level: 0 };
    else if (line.startsWith('>')) block = { kind: 'quote', level: 0 };
    else if (BOLD_LINE.test(line) && line.length <= 160) block = { kind: 'heading', level: 3 };
    else if (LIST_ITEM.test(line)) block = { kind: 'list-item', level: 0 };
    else if (looksLikeHeading(line) && isProse(nextContent(i)))
      block = { kind: 'heading', level: 5 };
    else block = { kind: 'paragraph', level: 0 };
    titleSeen = true;
    out.push(block);
  }
  return out;
}

const PROSE_KINDS = new Set<BlockKind>([
  'title',
  'heading',
  'paragraph',
  'list-item',
  'table-row',
  'quote',
]);

/** Reads the structure of a stored report text; every offset refers to `text` itself. */
export function readDocument(text: string): DocumentModel {
  const lines = linesOf(text);
  const kinds = classify(lines);
  const blocks: Block[] = [];
  const sections: Section[] = [{ heading: -1, level: 0, parent: -1 }];
  for (let i = 0; i < lines.length; i++) {
    const { kind, level } = kinds[i]!;
    const line = lines[i]!;
    if (!line.content || kind === 'rule') continue;
    const lead = text.slice(line.start, line.end).search(/\S/);
    const span = { start: line.start + Math.max(0, lead), end: line.end };
    while (span.end > span.start && /\s/.test(text[span.end - 1]!)) span.end--;
    if (kind === 'heading') {
      // The parent is the nearest open section of a lower level (a "#" above a "**bold**").
      let parent = sections.length - 1;
      while (parent > 0 && sections[parent]!.level >= level) parent = sections[parent]!.parent;
      sections.push({ heading: blocks.length, level, parent: Math.max(parent, 0) });
    }
    blocks.push({ ...span, kind, level, section: sections.length - 1 });
  }
  const sentences: DocSentence[] = [];
  blocks.forEach((block, index) => {
    if (!PROSE_KINDS.has(block.kind)) return;
    for (const s of sentenceSpans(text, block.start, block.end))
      sentences.push({ ...s, block: index, section: block.section });
  });
  return { text, blocks, sections, sentences };
}

/** The heading text of a section, without Markdown marks; empty for the lead section. */
export function headingText(doc: DocumentModel, section: number): string {
  const heading = doc.sections[section]?.heading ?? -1;
  if (heading < 0) return '';
  const block = doc.blocks[heading]!;
  return doc.text
    .slice(block.start, block.end)
    .replace(/^#+\s*|^\*\*|\*\*:?$|^__|__:?$/g, '')
    .trim();
}

/** The index of the block holding `offset`, or -1 (a blank line, a rule). Binary search. */
export function blockIndexAt(doc: DocumentModel, offset: number): number {
  let lo = 0;
  let hi = doc.blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = doc.blocks[mid]!;
    if (offset < b.start) hi = mid - 1;
    else if (offset >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
