/**
 * @module The Answer: one typed model for everything the bot says in reply to a question. Every
 * renderer (Slack, Teams, Markdown, terminal) and the CLI's --json print this, nothing else.
 */
import { z } from 'zod';
import { ConfidenceLevelSchema } from './analysis.ts';
import { ReliabilitySchema } from './reliability.ts';
import { TlpSchema } from './tlp.ts';

/** A numbered source. Numbers are per answer, one per report; `quote` is verbatim stored text. */
export const CitationSchema = z.object({
  n: z.number().int().positive(),
  reportId: z.string(),
  title: z.string(),
  publisher: z.string().nullable(),
  url: z.string().nullable(),
  published: z.string().nullable(),
  tlp: TlpSchema,
  reliability: ReliabilitySchema,
  aiGenerated: z.boolean(),
  /** The first passage this answer quotes from the report. */
  quote: z.string(),
  /** Every passage this answer quotes from the report, in order of use. */
  quotes: z.array(z.string()),
});
export type Citation = z.infer<typeof CitationSchema>;

/** One statement; it cites at least one source, and `evidence` holds the exact quote behind each mark. */
export const AnswerClaimSchema = z.object({
  text: z.string(),
  citations: z.array(z.number().int().positive()),
  evidence: z.array(z.object({ n: z.number().int().positive(), quote: z.string() })),
});
export type AnswerClaim = z.infer<typeof AnswerClaimSchema>;

export const AnswerSectionSchema = z.object({
  title: z.string(),
  claims: z.array(AnswerClaimSchema),
});
export type AnswerSection = z.infer<typeof AnswerSectionSchema>;

export const AttributionLineSchema = z.object({
  subject: z.string(),
  /** "China, state-sponsored", "Russia (SVR)", "linked to Sandworm Team". */
  attributedTo: z.string(),
  confidence: ConfidenceLevelSchema,
  /** Which rubric rule applied and on what, with citation marks. */
  basis: z.string(),
  citations: z.array(z.number().int().positive()),
  disputedBy: z.array(z.string()),
  deniedBy: z.array(z.string()),
});
export type AttributionLine = z.infer<typeof AttributionLineSchema>;

export const ANSWER_KINDS = [
  'profile',
  'answer',
  'not-found',
  'citation',
  'search',
  'sources',
  'help',
  'notice',
  'briefing',
  'alert',
] as const;

export const AnswerSchema = z.object({
  kind: z.enum(ANSWER_KINDS),
  /** What was asked, as understood (after resolving "they" and the like). */
  query: z.string(),
  /** A short heading: the actor's name, or the question. */
  title: z.string(),
  /** One line under the heading: aliases, report count, latest date; or the direct answer. */
  summary: z.string(),
  sections: z.array(AnswerSectionSchema),
  attribution: z.array(AttributionLineSchema),
  citations: z.array(CitationSchema),
  /** Reports that matched but sit above the destination's clearance. */
  withheld: z.number().int().nonnegative(),
  /** The destination's clearance the answer was filtered for. */
  clearance: TlpSchema,
  /** "Did you mean ...", or questions to try next. */
  suggestions: z.array(z.string()),
  /** Actors the answer is about: the thread's subject for follow-ups. */
  subjects: z.array(z.string()),
  engine: z.string(),
  /** Said once when the engine had to fall back or degrade. */
  notice: z.string().nullable(),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** The one line that says what was left out, or null when nothing was. */
export function withheldLine(answer: Pick<Answer, 'withheld' | 'clearance'>): string | null {
  if (answer.withheld === 0) return null;
  const reports = answer.withheld === 1 ? '1 report' : `${answer.withheld} reports`;
  return `${reports} above this destination's clearance (TLP:${answer.clearance}) ${answer.withheld === 1 ? 'was' : 'were'} left out.`;
}
