/**
 * @module The readable prose of a report for a briefing: its sentences with their block kind, and
 * each sentence with link targets taken out, so no signal is ever read from text inside a URL
 * (a "zero-day" in a link's address is not a zero-day).
 */
import type { Mention } from '../model/analysis.ts';
import type { Report } from '../model/report.ts';
import { type BlockKind, readDocument } from '../text/document.ts';
import { sentenceSpans } from '../text/sentences.ts';

export interface ProseSentence {
  start: number;
  end: number;
  /** Verbatim text of the report (what a citation quotes). */
  text: string;
  /** The same sentence with link targets and bare addresses blanked: what signals read. */
  words: string;
  kind: BlockKind;
  /** Position among the report's prose sentences, from 0. */
  index: number;
}

const MARKDOWN_LINK = /(!?)\[([^\]]*)\]\([^)\s]*(?:\s+"[^"]*")?\)/g;
const ADDRESS = /\b(?:h[tx]{2}ps?|ftp):\/\/\S+|\bwww(?:\.|\[\.\])\S+|<[^>\s]+:\/\/[^>\s]*>/gi;

/** Text with every link target and bare web address removed; link labels are kept. */
export function withoutAddresses(text: string): string {
  return text
    .replace(MARKDOWN_LINK, (_, image: string, label: string) => (image ? ' ' : label))
    .replace(ADDRESS, ' ');
}

/** Whether a sentence shows a link or an address (it reads badly in a summary). */
export function carriesAddress(text: string): boolean {
  MARKDOWN_LINK.lastIndex = 0;
  ADDRESS.lastIndex = 0;
  const found = MARKDOWN_LINK.test(text) || ADDRESS.test(text);
  MARKDOWN_LINK.lastIndex = 0;
  ADDRESS.lastIndex = 0;
  return found;
}

const cache = new WeakMap<Report, ProseSentence[]>();

/** The report's prose sentences (title and headings included, marked as such), in order. */
export function proseOf(report: Report): ProseSentence[] {
  let out = cache.get(report);
  if (!out) {
    const doc = readDocument(report.text);
    out = doc.sentences.map((s, index) => {
      const text = report.text.slice(s.start, s.end);
      return {
        start: s.start,
        end: s.end,
        text,
        words: withoutAddresses(text),
        kind: doc.blocks[s.block]?.kind ?? 'paragraph',
        index,
      };
    });
    cache.set(report, out);
  }
  return out;
}

/**
 * The sentence around one offset, found within its line only (a stored line is one paragraph):
 * cheaper than reading the whole document when a briefing needs a few sentences of every report.
 */
export function sentenceAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const next = text.indexOf('\n', offset);
  const lineEnd = next === -1 ? text.length : next;
  const span = sentenceSpans(text, lineStart, lineEnd).find(
    (s) => s.start <= offset && offset < s.end,
  );
  return span ? text.slice(span.start, span.end) : text.slice(lineStart, lineEnd);
}

/** The mentions that fall inside a sentence. */
export function mentionsWithin(mentions: Mention[], sentence: ProseSentence): Mention[] {
  return mentions.filter((m) => m.start >= sentence.start && m.end <= sentence.end);
}
