/** @module Reports and passages: what the store keeps of every ingested document. */
import { z } from 'zod';
import type { ReportAnalysis } from './analysis.ts';
import type { MarkingFindings, PartMarking } from './marking.ts';
import { ReliabilitySchema } from './reliability.ts';
import { TlpSchema } from './tlp.ts';

export const SOURCE_KINDS = [
  'text',
  'markdown',
  'html',
  'pdf',
  'stix',
  'misp',
  'feed',
  'url',
] as const;
export const SourceKindSchema = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKindSchema>;

/** A STIX object that came with a report (intrusion-set, malware, relationship ...), kept verbatim. */
export const LinkedObjectSchema = z.object({
  stixId: z.string(),
  type: z.string(),
  name: z.string().nullable(),
  body: z.record(z.string(), z.unknown()),
});
export type LinkedObject = z.infer<typeof LinkedObjectSchema>;

export const ReportSchema = z.object({
  id: z.string(),
  /** sha256 of the normalized text: the identity used to recognise the same report twice. */
  contentHash: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  publisher: z.string().nullable(),
  author: z.string().nullable(),
  /** ISO 8601 instant the source says it was published, if it says. */
  published: z.string().nullable(),
  /** ISO 8601 instant it entered our store. */
  ingestedAt: z.string(),
  tlp: TlpSchema,
  reliability: ReliabilitySchema,
  sourceKind: SourceKindSchema,
  /** The outlet marked the text as machine-written. */
  aiGenerated: z.boolean(),
  /** File path or address it was read from. */
  origin: z.string().nullable(),
  text: z.string(),
});
export type Report = z.infer<typeof ReportSchema>;

/** A stretch of a report's text; `text === report.text.slice(start, end)` always holds. */
export const PassageSchema = z.object({
  reportId: z.string(),
  seq: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type Passage = z.infer<typeof PassageSchema>;

/** Report metadata without the text: what listings show. */
export type ReportSummary = Omit<Report, 'text'>;

/** What a format parser produces; the ingest use case fills in defaults and derives the rest. */
export interface ReportDraft {
  title?: string | undefined;
  url?: string | undefined;
  publisher?: string | undefined;
  author?: string | undefined;
  published?: string | undefined;
  tlp?: Report['tlp'] | undefined;
  reliability?: Report['reliability'] | undefined;
  aiGenerated?: boolean | undefined;
  sourceKind: SourceKind;
  text: string;
  linkedObjects?: LinkedObject[] | undefined;
  /** Markings on parts of the document (attributes, referenced objects, banners) and warnings. */
  markings?: MarkingFindings | undefined;
}

/** A report ready to store: every field settled, passages cut, analysis done when there is one. */
export interface NewReport {
  report: Report;
  passages: Passage[];
  linkedObjects: LinkedObject[];
  analysis?: ReportAnalysis | undefined;
  /** The story this report belongs to; its own id when it starts one. */
  clusterId?: string | undefined;
  /** Each part's marking where parts differ, and what was not taken at face value. */
  marking?: { parts: PartMarking[]; warnings: string[] } | undefined;
}
