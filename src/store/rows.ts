/** @module Row <-> model mapping shared by the store adapters: both keep the same tables and columns. */
import { aliasKey } from '../core/analysis/catalog/catalog.ts';
import type { Claim, Fact, Mention } from '../core/model/analysis.ts';
import type { Passage, Report, ReportSummary } from '../core/model/report.ts';
import type { Alert, DigestRun } from '../core/model/subscription.ts';
import type { CatalogOrigin } from '../core/ports/catalog-store.ts';

export type Row = Record<string, unknown>;

export function toCatalogOrigin(row: Row): CatalogOrigin {
  return {
    source: row.source as CatalogOrigin['source'],
    name: row.name as string,
    origin: row.origin === null || row.origin === undefined ? null : String(row.origin),
    savedAt: row.saved_at as string,
  };
}

export const SUMMARY_COLUMNS = `r.id, r.content_hash, r.title, r.url, r.publisher, r.author, r.published,
  r.ingested_at, r.tlp, r.reliability, r.source_kind, r.ai_generated, r.origin`;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toSummary(row: Row): ReportSummary {
  return {
    id: row.id as string,
    contentHash: row.content_hash as string,
    title: row.title as string,
    url: str(row.url),
    publisher: str(row.publisher),
    author: str(row.author),
    published: str(row.published),
    ingestedAt: row.ingested_at as string,
    tlp: row.tlp as Report['tlp'],
    reliability: row.reliability as Report['reliability'],
    sourceKind: row.source_kind as Report['sourceKind'],
    aiGenerated: Number(row.ai_generated) === 1,
    origin: str(row.origin),
  };
}

export function toPassage(row: Row): Passage {
  return {
    reportId: row.report_id as string,
    seq: Number(row.seq),
    start: Number(row.start_offset),
    end: Number(row.end_offset),
    text: row.text as string,
  };
}

export function toMention(row: Row): Mention {
  return {
    kind: row.kind as Mention['kind'],
    canonical: row.canonical as string,
    surface: row.surface as string,
    start: Number(row.start_offset),
    end: Number(row.end_offset),
  };
}

export function toClaim(row: Row): Claim {
  return {
    subject: row.subject as string,
    relation: row.relation as Claim['relation'],
    object: row.object as string,
    objectKind: row.object_kind as Claim['objectKind'],
    country: str(row.country),
    strength: row.strength as Claim['strength'],
    statedConfidence: str(row.stated_confidence) as Claim['statedConfidence'],
    stance: row.stance as Claim['stance'],
    originator: str(row.originator),
    cues: JSON.parse(row.cues as string) as string[],
    start: Number(row.start_offset),
    end: Number(row.end_offset),
    quote: row.quote as string,
  };
}

export function toFact(row: Row): Fact {
  return {
    subject: row.subject as string,
    kind: row.kind as Fact['kind'],
    value: row.value as string,
    originator: str(row.originator),
    start: Number(row.start_offset),
    end: Number(row.end_offset),
    quote: row.quote as string,
  };
}

export function toRun(row: Row): DigestRun {
  return {
    subscriptionId: row.subscription_id as string,
    periodEnd: row.period_end as string,
    periodStart: row.period_start as string,
    status: row.status as DigestRun['status'],
    claimedBy: row.claimed_by as string,
    claimedAt: row.claimed_at as string,
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
    threadId: (row.thread_id as string | null) ?? null,
    messageIds: JSON.parse(row.message_ids as string) as string[],
    postedAt: (row.posted_at as string | null) ?? null,
  };
}

export function toAlert(row: Row): Alert {
  return {
    id: row.id as string,
    destination: { platform: row.platform as string, channel: row.channel as string },
    reportId: row.report_id as string,
    actor: row.actor as string,
    status: row.status as Alert['status'],
    createdAt: row.created_at as string,
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
  };
}

/** The story keys a candidate lookup reads: `kind:canonical key` per entity, `title:` its title. */
export function storyKeys(query: {
  entities: { kind: string; canonical: string }[];
  title?: string;
}): string[] {
  return [
    ...new Set([
      ...query.entities.map((e) => `${e.kind}:${aliasKey(e.canonical)}`),
      ...(query.title ? [`title:${query.title}`] : []),
    ]),
  ];
}

/**
 * The report summary of each claim or fact row (columns of the joined report, `report_id` its id),
 * made once per report: a dossier reads thousands of rows from a hundred reports.
 */
export function reportSummaries(): (row: Row) => ReportSummary {
  const made = new Map<string, ReportSummary>();
  return (row) => {
    const id = row.report_id as string;
    let summary = made.get(id);
    if (!summary) {
      summary = toSummary({ ...row, id });
      made.set(id, summary);
    }
    return summary;
  };
}
