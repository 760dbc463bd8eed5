/**
 * @module What polling any source shares: its dependencies, the ingest defaults a source's
 * settings give, state after a success or a failure (with backoff), and a small concurrency limit.
 */
import type { AnalysisService } from '../core/analysis/analysis-service.ts';
import { ThreatBriefError } from '../core/errors.ts';
import type { IngestDeps, IngestOptions } from '../core/ingest/ingest-documents.ts';
import type { Source, SourceState, SourceType } from '../core/model/source.ts';
import type { Tlp } from '../core/model/tlp.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Logger } from '../core/ports/logger.ts';
import type { SourceStore } from '../core/ports/source-store.ts';
import type { WebClient } from './web/web-client.ts';

export interface SourceDeps {
  store: SourceStore & IngestDeps['store'];
  clock: Clock;
  analysis: AnalysisService;
  web: WebClient;
  logger: Logger;
  /** DEFAULT_TLP: the label of a report that carries none. */
  defaultTlp: Tlp;
}

/** How often an item that failed is tried again on later polls before it is given up. */
export const ITEM_RETRY_LIMIT = 3;

const MINUTE = 60_000;
/** Backoff after failures in a row: 15 min, 30, 1 h, 2 h ... at most a day. */
export function backoffMs(failures: number): number {
  return Math.min(15 * MINUTE * 2 ** Math.max(0, failures - 1), 24 * 60 * MINUTE);
}

export function ingestOptionsFor(source: Source, defaultTlp: Tlp): IngestOptions {
  return {
    defaultTlp,
    tlp: source.settings.tlp ?? undefined,
    publisher: source.settings.publisher ?? undefined,
    reliability: source.settings.reliability ?? undefined,
  };
}

export function succeeded(
  state: SourceState,
  at: Date,
  update: Partial<SourceState> = {},
): SourceState {
  return {
    ...state,
    ...update,
    lastAttemptAt: at.toISOString(),
    lastSuccessAt: at.toISOString(),
    lastError: null,
    failures: 0,
    nextDueAt: null,
  };
}

export function failed(state: SourceState, at: Date, message: string): SourceState {
  const failures = state.failures + 1;
  return {
    ...state,
    lastAttemptAt: at.toISOString(),
    lastError: message,
    failures,
    nextDueAt: new Date(at.getTime() + backoffMs(failures)).toISOString(),
  };
}

/** Whether the scheduler should run a source now (enabled, and not backing off). */
export function isDue(source: Source, now: Date): boolean {
  return (
    source.enabled &&
    (!source.state.nextDueAt || Date.parse(source.state.nextDueAt) <= now.getTime())
  );
}

/** The sources of a kind a run covers: those named, else the enabled ones; only due ones when asked. */
export async function sourcesToRun(
  deps: Pick<SourceDeps, 'store' | 'clock'>,
  kind: SourceType,
  options: { dueOnly: boolean; ids?: readonly string[] },
): Promise<Source[]> {
  const now = deps.clock.now();
  return (await deps.store.listSources(kind)).filter(
    (s) =>
      (options.ids ? options.ids.includes(s.id) : s.enabled) && (!options.dueOnly || isDue(s, now)),
  );
}

/** A source's address as given: http(s) only, credentials never in it (`credentials` says where they go). */
export function sourceUrl(raw: string, credentials: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ThreatBriefError('invalid_input', `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ThreatBriefError('invalid_input', `"${raw}" is not an http(s) address`);
  if (url.username || url.password) throw new ThreatBriefError('invalid_input', credentials);
  return url;
}

/** Runs `work` over `items` with at most `concurrency` at once; results keep the input order. */
export function limited<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R>[] {
  let active = 0;
  const waiting: (() => void)[] = [];
  const slot = (): Promise<void> => {
    if (active < concurrency) {
      active++;
      return Promise.resolve();
    }
    // The slot is handed over by release() without the count dropping.
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return items.map(async (item) => {
    await slot();
    try {
      return await work(item);
    } finally {
      release();
    }
  });
}
