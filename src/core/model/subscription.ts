/** @module Where briefings and alerts go: subscriptions (cron and zone per destination) and watchlists. */
import { z } from 'zod';
import { ReliabilitySchema } from './reliability.ts';
import { TlpSchema } from './tlp.ts';

export const DestinationRefSchema = z.object({
  /** "slack", "teams", "console". */
  platform: z.string(),
  /** The platform's channel or conversation id. */
  channel: z.string(),
});
export type DestinationRef = z.infer<typeof DestinationRefSchema>;

export const DigestFiltersSchema = z.object({
  /** Only stories naming one of these actors (canonical names); empty = all. */
  actors: z.array(z.string()).default([]),
  /** Only stories about these sectors; empty = all. */
  sectors: z.array(z.string()).default([]),
  /** Leave out reports whose publisher is less reliable than this. */
  minReliability: ReliabilitySchema.nullable().default(null),
});
export type DigestFilters = z.infer<typeof DigestFiltersSchema>;

export const SubscriptionSchema = z.object({
  id: z.string(),
  destination: DestinationRefSchema,
  /** Five-field cron expression ("0 8 * * *"). */
  cron: z.string(),
  /** IANA time zone the cron is read in ("Europe/Berlin"). */
  timezone: z.string(),
  clearance: TlpSchema,
  filters: DigestFiltersSchema,
  /** Post "nothing new" for an empty period (true) or stay quiet (false). */
  postEmpty: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const WatchSchema = z.object({
  destination: DestinationRefSchema,
  actor: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Watch = z.infer<typeof WatchSchema>;

/** One scheduled briefing period, claimed by whichever scheduler gets there first. */
export const DigestRunSchema = z.object({
  subscriptionId: z.string(),
  /** The scheduled instant that closes the period (ISO). */
  periodEnd: z.string(),
  periodStart: z.string(),
  status: z.enum(['claimed', 'posted', 'empty', 'failed']),
  claimedBy: z.string(),
  claimedAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  threadId: z.string().nullable(),
  messageIds: z.array(z.string()),
  postedAt: z.string().nullable(),
});
export type DigestRun = z.infer<typeof DigestRunSchema>;

/** A watched actor seen in a newly stored report, waiting to be posted to one destination. */
export const AlertSchema = z.object({
  id: z.string(),
  destination: DestinationRefSchema,
  reportId: z.string(),
  actor: z.string(),
  status: z.enum(['pending', 'claimed', 'posted', 'failed']),
  createdAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;
