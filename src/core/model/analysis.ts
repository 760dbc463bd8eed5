/** @module What analysis finds in a report: entity mentions, attribution claims, dated facts. */
import { z } from 'zod';

export const ENTITY_KINDS = [
  'actor',
  'malware',
  'tool',
  'cve',
  'technique',
  'sector',
  'region',
  'country',
  'originator',
  'indicator',
  'technology',
] as const;
export const EntityKindSchema = z.enum(ENTITY_KINDS);
export type EntityKind = z.infer<typeof EntityKindSchema>;

/** One place a report names something; `canonical` is the catalog name (or the name as found). */
export const MentionSchema = z.object({
  kind: EntityKindSchema,
  canonical: z.string(),
  surface: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});
export type Mention = z.infer<typeof MentionSchema>;

/** How firmly a sentence states an attribution (strongest first). */
export const STRENGTHS = ['explicit', 'assertive', 'hedged', 'speculative'] as const;
export const StrengthSchema = z.enum(STRENGTHS);
export type Strength = z.infer<typeof StrengthSchema>;

export const STANCES = ['supports', 'disputes', 'denial'] as const;
export const StanceSchema = z.enum(STANCES);
export type Stance = z.infer<typeof StanceSchema>;

export const RELATIONS = [
  'attributed-to',
  'state-sponsored-by',
  'linked-to',
  'operating-for',
] as const;
export const RelationSchema = z.enum(RELATIONS);
export type Relation = z.infer<typeof RelationSchema>;

export const ConfidenceLevelSchema = z.enum(['high', 'moderate', 'low']);
export type ConfidenceLevel = z.infer<typeof ConfidenceLevelSchema>;

/** A sentence-level attribution: "<subject> <relation> <object>", with how and by whom it was said. */
export const ClaimSchema = z.object({
  subject: z.string(),
  relation: RelationSchema,
  /** A country ("China"), an agency ("GRU Unit 74455") or another actor. */
  object: z.string(),
  objectKind: z.enum(['country', 'agency', 'actor']),
  /** The country behind an agency object (or the country itself). */
  country: z.string().nullable(),
  strength: StrengthSchema,
  /** Set when the sentence states a confidence level outright ("with high confidence"). */
  statedConfidence: ConfidenceLevelSchema.nullable(),
  stance: StanceSchema,
  /** The team or agency whose finding it is, when the text says; otherwise null. */
  originator: z.string().nullable(),
  /** The words that set strength and stance ("suspected", "denied"). */
  cues: z.array(z.string()),
  start: z.number().int(),
  end: z.number().int(),
  quote: z.string(),
});
export type Claim = z.infer<typeof ClaimSchema>;

export const FACT_KINDS = [
  'activity-start',
  'uses:malware',
  'uses:tool',
  'uses:technique',
  'exploits:cve',
  'indicator',
  'targets:sector',
  'targets:region',
  'targets:country',
  'targets:technology',
  /** Another name for the same actor, as the report says ("TA2722, referred to as the Balikbayan Foxes"). */
  'alias',
] as const;
export const FactKindSchema = z.enum(FACT_KINDS);
export type FactKind = z.infer<typeof FactKindSchema>;

/**
 * A fact about an actor, bound to it by the sentence that states it: when its activity began,
 * what it uses, exploits and targets, which indicators belong to it.
 */
export const FactSchema = z.object({
  subject: z.string(),
  kind: FactKindSchema,
  /**
   * activity-start: the year activity began, as the text implies; relations: the canonical name
   * of what is used, exploited or targeted (a malware family, a CVE id, a sector ...).
   */
  value: z.string(),
  originator: z.string().nullable(),
  start: z.number().int(),
  end: z.number().int(),
  quote: z.string(),
});
export type Fact = z.infer<typeof FactSchema>;

export const ReportAnalysisSchema = z.object({
  mentions: z.array(MentionSchema),
  claims: z.array(ClaimSchema),
  facts: z.array(FactSchema),
});
export type ReportAnalysis = z.infer<typeof ReportAnalysisSchema>;
