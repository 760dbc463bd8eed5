/**
 * @module The tables both adapters keep, described once for moving a database between them
 * (`threatbrief db copy`): their columns, the order rows are read in, and a content hash that
 * is the same on either side when the rows are. Surrogate ids (passage, mention, claim, fact and
 * catalog row numbers) are not copied: rows are written in their order, so the order holds.
 */
import { createHash } from 'node:crypto';

export interface TableSpec {
  name: string;
  /** Columns copied and hashed. */
  columns: string[];
  /**
   * The unique order rows are read in: natural key columns, or null for the table's surrogate
   * row number (SQLite's rowid, PostgreSQL's id), which keeps insertion order.
   */
  key: string[] | null;
}

/** In an order that satisfies every foreign key. */
export const TABLES: TableSpec[] = [
  {
    name: 'reports',
    columns: [
      'id',
      'content_hash',
      'title',
      'url',
      'publisher',
      'author',
      'published',
      'ingested_at',
      'tlp',
      'tlp_rank',
      'reliability',
      'source_kind',
      'ai_generated',
      'origin',
      'text',
    ],
    key: ['id'],
  },
  {
    name: 'passages',
    columns: ['report_id', 'seq', 'start_offset', 'end_offset', 'text'],
    key: null,
  },
  {
    name: 'linked_objects',
    columns: ['report_id', 'stix_id', 'type', 'name', 'body'],
    key: ['report_id', 'stix_id'],
  },
  {
    name: 'mentions',
    columns: [
      'report_id',
      'kind',
      'canonical',
      'canonical_key',
      'surface',
      'start_offset',
      'end_offset',
    ],
    key: null,
  },
  {
    name: 'claims',
    columns: [
      'report_id',
      'subject',
      'subject_key',
      'relation',
      'object',
      'object_key',
      'object_kind',
      'country',
      'strength',
      'stated_confidence',
      'stance',
      'originator',
      'cues',
      'start_offset',
      'end_offset',
      'quote',
    ],
    key: null,
  },
  {
    name: 'facts',
    columns: [
      'report_id',
      'subject',
      'subject_key',
      'kind',
      'value',
      'originator',
      'start_offset',
      'end_offset',
      'quote',
    ],
    key: null,
  },
  { name: 'report_clusters', columns: ['report_id', 'cluster_id'], key: ['report_id'] },
  {
    name: 'catalog_entries',
    columns: [
      'source',
      'kind',
      'name',
      'body',
      'saved_at',
      'revision',
      'origin',
      'tlp',
      'tlp_rank',
    ],
    key: null,
  },
  { name: 'threads', columns: ['thread_id', 'context', 'updated_at'], key: ['thread_id'] },
  {
    name: 'answers',
    columns: ['id', 'thread_id', 'destination', 'answer', 'created_at'],
    key: ['id'],
  },
  {
    name: 'feedback',
    columns: ['answer_id', 'user_id', 'rating', 'comment', 'created_at'],
    key: ['answer_id', 'user_id'],
  },
  { name: 'subscriptions', columns: ['id', 'platform', 'channel', 'body'], key: ['id'] },
  {
    name: 'watches',
    columns: ['platform', 'channel', 'actor_key', 'body'],
    key: ['platform', 'channel', 'actor_key'],
  },
  {
    name: 'destination_clearances',
    columns: ['platform', 'channel', 'clearance', 'set_by', 'set_at'],
    key: ['platform', 'channel'],
  },
  {
    name: 'briefing_profiles',
    columns: ['platform', 'channel', 'body', 'updated_at'],
    key: ['platform', 'channel'],
  },
  {
    name: 'digest_runs',
    columns: [
      'subscription_id',
      'period_end',
      'period_start',
      'status',
      'claimed_by',
      'claimed_at',
      'attempts',
      'last_error',
      'thread_id',
      'message_ids',
      'posted_at',
    ],
    key: ['subscription_id', 'period_end'],
  },
  {
    name: 'alerts',
    columns: [
      'id',
      'platform',
      'channel',
      'report_id',
      'actor',
      'status',
      'created_at',
      'claimed_at',
      'attempts',
      'last_error',
    ],
    key: ['id'],
  },
  {
    name: 'seen_events',
    columns: ['platform', 'event_id', 'seen_at'],
    key: ['platform', 'event_id'],
  },
  {
    name: 'conversation_refs',
    columns: ['platform', 'channel', 'reference', 'updated_at'],
    key: ['platform', 'channel'],
  },
  {
    name: 'message_answers',
    columns: ['platform', 'message_key', 'answer_id', 'created_at'],
    key: ['platform', 'message_key'],
  },
  {
    name: 'sources',
    columns: [
      'id',
      'type',
      'source_key',
      'url',
      'settings',
      'enabled',
      'added_at',
      'etag',
      'last_modified',
      'cursor',
      'last_attempt_at',
      'last_success_at',
      'last_error',
      'failures',
      'next_due_at',
      'items_stored',
    ],
    key: ['id'],
  },
  {
    name: 'source_items',
    columns: ['source_id', 'item_key', 'status', 'report_id', 'attempts', 'last_error', 'seen_at'],
    key: ['source_id', 'item_key'],
  },
  {
    name: 'job_runs',
    columns: ['job', 'slot', 'status', 'claimed_by', 'claimed_at', 'finished_at', 'summary'],
    key: ['job', 'slot'],
  },
];

/** One row as the values of its spec's columns, in order. */
export type TableRow = unknown[];

/** What `db copy` needs of an adapter: rows out in order, rows in, and its name for messages. */
export interface TableAccess {
  readonly location: string;
  count(table: TableSpec): Promise<number>;
  /** Every row in the table's order, in batches. */
  read(table: TableSpec, batchSize: number): AsyncIterable<TableRow[]>;
  /** Appends rows (to an empty table), keeping their order. */
  write(table: TableSpec, rows: TableRow[]): Promise<void>;
  /** Brings counters (PostgreSQL sequences) past the copied rows. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** A hash of a table's rows, in order, that is equal on both adapters when the rows are. */
export async function tableHash(access: TableAccess, table: TableSpec): Promise<string> {
  const hash = createHash('sha256');
  for await (const batch of access.read(table, 1000)) {
    for (const row of batch) {
      // Numbers may come back as bigint from one driver and number from the other.
      hash.update(JSON.stringify(row.map((v) => (typeof v === 'bigint' ? Number(v) : v))));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
