/** @module Sources that deliver by themselves (feeds, TAXII collections, catalog locations) and what is kept about each. */
import { z } from 'zod';
import { ReliabilitySchema } from './reliability.ts';
import { TlpSchema } from './tlp.ts';

export const SOURCE_TYPES = ['feed', 'taxii', 'catalog'] as const;
export const SourceTypeSchema = z.enum(SOURCE_TYPES);
export type SourceType = z.infer<typeof SourceTypeSchema>;

/** How a source authenticates; kept in the store, never printed or logged. */
export const SourceAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('basic'), user: z.string(), password: z.string() }),
  z.object({ kind: z.literal('token'), token: z.string() }),
]);
export type SourceAuth = z.infer<typeof SourceAuthSchema>;

/** What the person who added a source said about it. */
export const SourceSettingsSchema = z.object({
  name: z.string().nullable().default(null),
  publisher: z.string().nullable().default(null),
  reliability: ReliabilitySchema.nullable().default(null),
  /** Every report from the source is raised to at least this label. */
  tlp: TlpSchema.nullable().default(null),
  /** TAXII: the collection id. */
  collection: z.string().nullable().default(null),
  auth: SourceAuthSchema.nullable().default(null),
  /** The starter-list entry it was added from, if any. */
  starter: z.string().nullable().default(null),
});
export type SourceSettings = z.infer<typeof SourceSettingsSchema>;

/** What the last runs left behind: validators for conditional requests, a cursor, failures and backoff. */
export interface SourceState {
  etag: string | null;
  lastModified: string | null;
  /** TAXII: the added_after to ask from; catalog: the sha256 of the last body imported. */
  cursor: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Failures in a row since the last success; drives the backoff. */
  failures: number;
  /** Not polled by the scheduler before this instant (backoff after failures). */
  nextDueAt: string | null;
  /** Reports stored from this source so far. */
  itemsStored: number;
}

export interface Source {
  id: string;
  type: SourceType;
  url: string;
  /** Unique per type: the URL, or the URL and collection for TAXII. */
  key: string;
  settings: SourceSettings;
  enabled: boolean;
  addedAt: string;
  state: SourceState;
}

export const EMPTY_SOURCE_STATE: SourceState = {
  etag: null,
  lastModified: null,
  cursor: null,
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  failures: 0,
  nextDueAt: null,
  itemsStored: 0,
};

/** One entry or object of a source and how it went, so it is fetched once (or retried a few times). */
export interface SourceItemOutcome {
  key: string;
  status: 'stored' | 'duplicate' | 'rejected';
  reportId: string | null;
  error: string | null;
  at: string;
}

/** A named scheduler job's run for one slot (its cron firing), claimed by one replica. */
export interface JobRun {
  job: string;
  slot: string;
  status: 'claimed' | 'done' | 'failed';
  claimedBy: string;
  claimedAt: string;
  finishedAt: string | null;
  summary: string | null;
}
