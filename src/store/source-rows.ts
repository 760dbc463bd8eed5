/** @module Row <-> model mapping for the sources role and job runs, shared by both adapters. */
import {
  type JobRun,
  type Source,
  SourceSettingsSchema,
  type SourceState,
  type SourceType,
} from '../core/model/source.ts';
import type { Row } from './rows.ts';

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export const SOURCE_STATE_COLUMNS = [
  'etag',
  'last_modified',
  'cursor',
  'last_attempt_at',
  'last_success_at',
  'last_error',
  'failures',
  'next_due_at',
  'items_stored',
] as const;

export function stateValues(state: SourceState): (string | number | null)[] {
  return [
    state.etag,
    state.lastModified,
    state.cursor,
    state.lastAttemptAt,
    state.lastSuccessAt,
    state.lastError,
    state.failures,
    state.nextDueAt,
    state.itemsStored,
  ];
}

export function toSource(row: Row): Source {
  return {
    id: row.id as string,
    type: row.type as SourceType,
    url: row.url as string,
    key: row.source_key as string,
    settings: SourceSettingsSchema.parse(JSON.parse(row.settings as string)),
    enabled: Number(row.enabled) === 1,
    addedAt: row.added_at as string,
    state: {
      etag: str(row.etag),
      lastModified: str(row.last_modified),
      cursor: str(row.cursor),
      lastAttemptAt: str(row.last_attempt_at),
      lastSuccessAt: str(row.last_success_at),
      lastError: str(row.last_error),
      failures: Number(row.failures),
      nextDueAt: str(row.next_due_at),
      itemsStored: Number(row.items_stored),
    },
  };
}

export function toJobRun(row: Row): JobRun {
  return {
    job: row.job as string,
    slot: row.slot as string,
    status: row.status as JobRun['status'],
    claimedBy: row.claimed_by as string,
    claimedAt: row.claimed_at as string,
    finishedAt: str(row.finished_at),
    summary: str(row.summary),
  };
}
