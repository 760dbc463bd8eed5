/** @module The briefing: stories since the last one, ranked, each told once with every outlet as evidence. */
import { z } from 'zod';
import { ConfidenceLevelSchema } from './analysis.ts';
import { AnswerClaimSchema, AttributionLineSchema, CitationSchema } from './answer.ts';
import { TlpSchema } from './tlp.ts';

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
  /** Why it ranks high: "exploited vulnerability", "zero-day", "watched actor" ... */
  signals: z.array(z.string()),
  score: z.number(),
  reportIds: z.array(z.string()),
  clusterId: z.string(),
});
export type DigestItem = z.infer<typeof DigestItemSchema>;

export const DigestSchema = z.object({
  title: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  clearance: TlpSchema,
  /** Ranked, numbered from 1; the first few are the top stories. */
  items: z.array(DigestItemSchema),
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
  }),
});
export type Digest = z.infer<typeof DigestSchema>;
