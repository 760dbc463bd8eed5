/** @module The Answer for a terminal: the same content as Markdown, wrapped to the width, ANSI styling only when asked. */
import { type Answer, type AttributionLine, withheldLine } from '../../core/model/answer.ts';
import {
  attributionHeading,
  confidenceLabel,
  dissent,
  sortedCitations,
  sourceDetails,
  withMarks,
} from './answer-text.ts';
import { plainTerminal as plain, safeHttpUrl } from './escape.ts';

export interface TerminalOptions {
  color: boolean;
  width: number;
}

type Style = (text: string) => string;

interface Styles {
  bold: Style;
  dim: Style;
  label: (level: AttributionLine['confidence']) => Style;
}

const SGR =
  (open: number, close: number): Style =>
  (text) =>
    `\x1b[${open}m${text}\x1b[${close}m`;
const LEVEL_COLOUR: Record<string, number> = { high: 32, moderate: 33, low: 31 };

function styles(color: boolean): Styles {
  if (!color) return { bold: (t) => t, dim: (t) => t, label: () => (t) => t };
  const bold = SGR(1, 22);
  return {
    bold,
    dim: SGR(2, 22),
    label: (level) => (text) => SGR(LEVEL_COLOUR[level] ?? 39, 39)(bold(text)),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: our own SGR codes take no room on screen
const visibleLength = (text: string): number => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/**
 * Word-wraps one paragraph: the first line starts with `first`, the rest are indented by `rest`. A word
 * wider than the line (a long URL) gets a line of its own rather than being cut, so it still copies whole.
 */
function wrap(text: string, width: number, first = '', rest = first): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && visibleLength(candidate) > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line = candidate;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

export function renderTerminal(answer: Answer, options: TerminalOptions): string {
  const width = Math.max(20, Math.floor(options.width) || 80);
  const s = styles(options.color);
  const out: string[] = [wrap(s.bold(plain(answer.title) || 'Answer'), width)];
  if (answer.summary.trim()) out.push(wrap(plain(answer.summary), width));

  for (const line of answer.attribution) {
    const label = s.label(line.confidence)(confidenceLabel(line));
    const marks = withMarks('', line.citations).trim();
    const head = `${attributionHeading(line, answer.title, plain)}: ${plain(line.attributedTo)} — ${label}`;
    out.push('', wrap(marks ? `${head} ${s.dim(marks)}` : head, width, '', '  '));
    out.push(wrap(`basis: ${plain(line.basis)}`, width, '  ', '    '));
    const against = dissent(line, plain);
    if (against) out.push(wrap(against, width, '  ', '    '));
  }

  for (const section of answer.sections) {
    if (section.claims.length === 0) continue;
    out.push('', wrap(s.bold(plain(section.title) || 'Details'), width));
    for (const claim of section.claims) {
      const marks = withMarks('', claim.citations).trim();
      const text = marks ? `${plain(claim.text)} ${s.dim(marks)}` : plain(claim.text);
      out.push(wrap(text, width, '  • ', '    '));
    }
  }

  if (answer.citations.length > 0) {
    out.push('', s.bold('Sources'));
    for (const c of sortedCitations(answer.citations)) {
      const mark = `[${c.n}]`;
      const indent = ' '.repeat(mark.length + 3);
      out.push(
        wrap(
          `${plain(c.title) || 'untitled'} — ${sourceDetails(c, plain)}`,
          width,
          `  ${mark} `,
          indent,
        ),
      );
      const url = safeHttpUrl(c.url);
      if (url) out.push(`${indent}${s.dim(url)}`);
    }
  }
  if (answer.suggestions.length > 0) {
    out.push('', s.bold('Try next'));
    for (const suggestion of answer.suggestions)
      out.push(wrap(plain(suggestion), width, '  • ', '    '));
  }

  const notes = [withheldLine(answer), answer.notice].filter((n): n is string => !!n?.trim());
  if (notes.length > 0) out.push('');
  for (const note of notes) out.push(wrap(s.dim(`note: ${plain(note)}`), width));
  return `${out.join('\n')}\n`;
}
