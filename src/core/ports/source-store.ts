/**
 * @module SourceStore port (role: sources): the feeds, TAXII collections and catalog locations
 * polled on a schedule, their per-source state (validators, cursor, failures, backoff), and the
 * items each has delivered, so an entry is fetched and stored once across polls and replicas.
 */
import type { Source, SourceItemOutcome, SourceState, SourceType } from '../model/source.ts';

export interface SourceStore {
  /** Adds a source; 'exists' (and nothing written) when one of its type already has its key. */
  addSource(source: Source): Promise<'added' | 'exists'>;
  listSources(type?: SourceType): Promise<Source[]>;
  /** By id, or by key (URL) within a type. */
  findSource(ref: string, type?: SourceType): Promise<Source | undefined>;
  setSourceEnabled(id: string, enabled: boolean): Promise<boolean>;
  /** Removes a source and its item history. */
  removeSource(id: string): Promise<boolean>;
  /** Replaces the state a run left (validators, cursor, failures, next due time). */
  saveSourceState(id: string, state: SourceState): Promise<void>;
  /**
   * Keys among `keys` that need no more work: stored or duplicate, or rejected `retryLimit`
   * times already.
   */
  finishedItems(
    sourceId: string,
    keys: readonly string[],
    retryLimit: number,
  ): Promise<Set<string>>;
  /** Records outcomes; a key seen again counts one more attempt. */
  recordItems(sourceId: string, outcomes: readonly SourceItemOutcome[]): Promise<void>;
}
