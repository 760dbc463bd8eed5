/** @module The briefing: stories since the last one, ranked, each told once with every outlet as evidence. */
import { z } from 'zod';
import { ConfidenceLevelSchema } from './analysis.ts';
import { AnswerClaimSchema, AttributionLineSchema, CitationSchema } from './answer.ts';
import { ReliabilitySchema } from './reliability.ts';
import { DigestItemRefSchema } from './thread.ts';
import { TlpSchema } from './tlp.ts';

/** The signals a story's rank is made of, in the order they break ties. */
export const RANK_SIGNALS = [
  'focus',
  'exploited',
  'originators',
  'actors',
  'novelty',
  'outlets',
  'substance',
  'recency',
] as const;
export const RankSignalSchema = z.enum(RANK_SIGNALS);
export type RankSignal = z.infer<typeof RankSignalSchema>;

/** One part of an item's score: what it is worth and what it rests on. */
export const ScorePartSchema = z.object({
  signal: RankSignalSchema,
  points: z.number(),
  detail: z.string(),
});
export type ScorePart = z.infer<typeof ScorePartSchema>;

/** Why a story concerns this destination: one of its priority intelligence requirements matched. */
export const FocusMatchSchema = z.object({
  kind: z.enum(['sectors', 'regions', 'technologies', 'actors', 'cves']),
  value: z.string(),
  /** "mentions Microsoft Exchange, which this team runs". */
  reason: z.string(),
});
export type FocusMatch = z.infer<typeof FocusMatchSchema>;

export const DigestItemSchema = z.object({
  n: z.number().int().positive(),
  title: z.string(),
  /** Two or three sentences from the reports, each followed by its citation marks. */
  summary: z.string(),
  sentences: z.array(AnswerClaimSchema),
  actors: z.array(
    z.object({
      name: z.string(),
      attributedTo: z.string().nullable(),
      confidence: ConfidenceLevelSchema.nullable(),
    }),
  ),
  attribution: z.array(AttributionLineSchema),
  citations: z.array(z.number().int().positive()),
  /** Distinct publishers that carried the story. */
  outlets: z.number().int().positive(),
  publishers: z.array(z.string()),
  originators: z.array(z.string()),
  cves: z.array(z.string()),
  /** Why it ranks high: "exploited vulnerability", "zero-day", "new actor", "focus" ... */
  signals: z.array(z.string()),
  score: z.number(),
  /** The score's parts, each with what it rests on (`digest --explain`). */
  scoreParts: z.array(ScorePartSchema),
  /** Set when the item has the same score as the next one: what put it first. */
  rankNote: z.string().nullable(),
  /** The destination's requirements this story meets; such items rank first. */
  focus: z.array(FocusMatchSchema),
  /** What is new about actors seen in earlier reports, each statement cited. */
  changes: z.array(AnswerClaimSchema),
  /** Every report of the story, with its outlet and the originator whose finding it carries. */
  evidence: z.array(
    z.object({
      n: z.number().int().positive(),
      outlet: z.string(),
      originator: z.string(),
      reliability: ReliabilitySchema,
    }),
  ),
  reportIds: z.array(z.string()),
  clusterId: z.string(),
});
export type DigestItem = z.infer<typeof DigestItemSchema>;

export const DigestSchema = z.object({
  title: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  clearance: TlpSchema,
  /** The items shown, ranked; numbered from 1 across the whole briefing (a "more" page starts later). */
  items: z.array(DigestItemSchema),
  /** How many items one page shows. */
  limit: z.number().int().positive(),
  /** Stories ranked below the shown ones, in order: nothing is dropped without this list. */
  more: z.object({
    count: z.number().int().nonnegative(),
    items: z.array(DigestItemRefSchema),
  }),
  sections: z.object({
    topStories: z.array(z.number().int()),
    actorsInNews: z.array(z.object({ name: z.string(), items: z.array(z.number().int()) })),
    newActors: z.array(z.object({ name: z.string(), items: z.array(z.number().int()) })),
    vulnerabilities: z.array(
      z.object({ cve: z.string(), exploited: z.boolean(), items: z.array(z.number().int()) }),
    ),
  }),
  citations: z.array(CitationSchema),
  stats: z.object({
    reports: z.number().int().nonnegative(),
    outlets: z.number().int().nonnegative(),
    stories: z.number().int().nonnegative(),
    withheld: z.number().int().nonnegative(),
    /** Reports per day of the period (UTC days), for the weekly roll-up. */
    days: z.array(z.object({ day: z.string(), reports: z.number().int().nonnegative() })),
  }),
});
export type Digest = z.infer<typeof DigestSchema>;
