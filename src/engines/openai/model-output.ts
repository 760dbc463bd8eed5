/**
 * @module What the model may return, as a zod schema (sent as its structured-output format and
 * checked on the way back), and how it becomes statements: a claim citing a passage it was not
 * given is dropped, so is one citing none or stating a confidence level its passages do not state;
 * the text loses any mention, link, markup and citation mark; the quote behind every mark is the
 * stored passage, never anything the model wrote.
 */
import { z } from 'zod';
import type { Quoted } from '../../core/answer/citation-book.ts';
import type { Passage } from './passages.ts';

// Strict structured output wants every field required and no open-ended objects.
export const ModelAnswerSchema = z.object({
  answered: z.boolean(),
  sections: z.array(
    z.object({
      title: z.string(),
      claims: z.array(z.object({ text: z.string(), passages: z.array(z.number().int()) })),
    }),
  ),
});
export type ModelAnswer = z.infer<typeof ModelAnswerSchema>;

export interface ModelDrops {
  /** Claims citing a passage number the request did not hold. */
  invented: number;
  /** Claims citing nothing. */
  uncited: number;
  /** Claims stating a confidence level none of their passages states. */
  confidence: number;
  /** Claims left empty once mentions, links and markup were taken out. */
  empty: number;
}

export interface CheckedSection {
  title: string;
  claims: { text: string; evidence: Quoted[] }[];
}

const MAX_SECTIONS = 6;
const MAX_CLAIMS = 8;
const MAX_CLAIM_CHARS = 500;
const MAX_TITLE_CHARS = 60;

const CONFIDENCE = /\b(?:high|moderate|medium|low)(?:-|\s+)confidence\b/gi;

/**
 * Model text made plain: Slack and Teams control sequences (<!channel>, <@U1>, <url|label>, <at>),
 * Markdown links, broadcast and user mentions, citation marks and control characters go; a link's
 * label stays. Indicators are defanged later, with every other statement, by finalizeAnswer.
 */
export function plainText(text: string): string {
  return (
    text
      .replace(/<[^<>]*\|([^<>]*)>/g, '$1')
      .replace(/<[^<>]*>/g, ' ')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]/g, '')
      .replace(/(^|[^\w@])@[\w.-]+/g, '$1')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069]/g, ' ')
      .replace(/[*`~|]+/g, ' ')
      .replace(/\s+([,.;:!?])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Keeps the claims that cite only passages given and say nothing their passages cannot back. */
export function checkClaims(
  output: ModelAnswer,
  passages: Passage[],
): { sections: CheckedSection[]; dropped: ModelDrops } {
  const given = new Map(passages.map((p) => [p.n, p]));
  const dropped: ModelDrops = { invented: 0, uncited: 0, confidence: 0, empty: 0 };
  const sections: CheckedSection[] = [];
  for (const section of output.sections.slice(0, MAX_SECTIONS)) {
    const claims: CheckedSection['claims'] = [];
    for (const claim of section.claims.slice(0, MAX_CLAIMS)) {
      const numbers = [...new Set(claim.passages)];
      if (numbers.length === 0) {
        dropped.uncited++;
        continue;
      }
      if (numbers.some((n) => !given.has(n))) {
        dropped.invented++;
        continue;
      }
      const cited = numbers.map((n) => given.get(n)!);
      // "with high confidence" is the rubric's to say, unless a cited report says it itself.
      const stated = [...claim.text.matchAll(CONFIDENCE)].map((m) => m[0].toLowerCase());
      const sources = cited.map((p) => p.text.toLowerCase().replace(/\s+/g, ' '));
      if (stated.some((s) => !sources.some((t) => t.includes(s.replace(/\s+/g, ' '))))) {
        dropped.confidence++;
        continue;
      }
      const text = cut(plainText(claim.text), MAX_CLAIM_CHARS);
      if (!/[\p{L}\p{N}]/u.test(text)) {
        dropped.empty++;
        continue;
      }
      claims.push({ text, evidence: cited.map((p) => ({ report: p.report, quote: p.text })) });
    }
    if (claims.length)
      sections.push({ title: cut(plainText(section.title), MAX_TITLE_CHARS) || 'Details', claims });
  }
  return { sections, dropped };
}
