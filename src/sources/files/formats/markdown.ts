/**
 * @module Markdown reports with YAML front matter (title, url, publisher, author, published, tlp,
 * reliability). Any marking key (`tlp`, `classification`, `marking`, `handling`, `sensitivity`)
 * counts; a value that is not a TLP label is read as RED with a warning, never ignored.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ThreatBriefError } from '../../../core/errors.ts';
import { noFindings, readMarking } from '../../../core/model/marking.ts';
import { ReliabilityInputSchema } from '../../../core/model/reliability.ts';
import type { ReportDraft } from '../../../core/model/report.ts';
import { strictestTlp, type Tlp } from '../../../core/model/tlp.ts';

const scalar = z
  .union([z.string(), z.number(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString() : String(v)));

/** Only the keys we read; anything else in the front matter is ignored. */
const FrontMatterSchema = z.object({
  title: scalar.optional(),
  url: scalar.optional(),
  publisher: scalar.optional(),
  author: scalar.optional(),
  published: scalar.optional(),
  date: scalar.optional(),
  tlp: scalar.optional(),
  classification: scalar.optional(),
  marking: scalar.optional(),
  handling: scalar.optional(),
  sensitivity: scalar.optional(),
  reliability: ReliabilityInputSchema.optional(),
  ai_generated: z.boolean().optional(),
});

const MARKING_KEYS = ['tlp', 'classification', 'marking', 'handling', 'sensitivity'] as const;

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Markdown to readable plain text: markup goes, words and paragraph breaks stay. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/^```[^\n]*\n([\s\S]*?)^```[ \t]*$/gm, '$1')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/gm, '$1')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/gm, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

export function parseMarkdown(source: string): ReportDraft[] {
  const match = FRONT_MATTER.exec(source);
  let meta: z.infer<typeof FrontMatterSchema> = {};
  if (match) {
    let raw: unknown;
    try {
      raw = parseYaml(match[1]!);
    } catch (error) {
      throw new ThreatBriefError(
        'invalid_input',
        `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    const parsed = FrontMatterSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ThreatBriefError(
        'invalid_input',
        `front matter field "${issue.path.join('.')}": ${issue.message}`,
      );
    }
    meta = parsed.data;
  }
  const body = match ? source.slice(match[0].length) : source;
  const markings = noFindings();
  const labels: Tlp[] = [];
  for (const key of MARKING_KEYS) {
    const value = meta[key];
    if (value !== undefined) labels.push(readMarking(value, `front matter ${key}`, markings));
  }
  return [
    {
      sourceKind: 'markdown',
      text: markdownToText(body),
      title: meta.title,
      url: meta.url,
      publisher: meta.publisher,
      author: meta.author,
      published: meta.published ?? meta.date,
      tlp: labels.length ? strictestTlp(labels, labels[0]!) : undefined,
      markings,
      reliability: meta.reliability,
      aiGenerated: meta.ai_generated,
    },
  ];
}
