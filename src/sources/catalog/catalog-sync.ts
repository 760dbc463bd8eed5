/**
 * @module Catalog sync: the public MISP galaxy clusters and MITRE ATT&CK followed from their
 * locations. Each location is fetched conditionally; a body whose hash matches the last one
 * imported is left alone, so a sync with nothing new writes nothing. A changed body goes through
 * the catalog importer, recording the location as the origin of every entry it brings.
 */
import { createHash } from 'node:crypto';
import { asThreatBriefError, ThreatBriefError } from '../../core/errors.ts';
import { EMPTY_SOURCE_STATE, type Source, SourceSettingsSchema } from '../../core/model/source.ts';
import type { CatalogStore } from '../../core/ports/catalog-store.ts';
import { sourceId } from '../feeds/feed-sources.ts';
import { decodeText } from '../files/decode.ts';
import { failed, type SourceDeps, succeeded } from '../source-runs.ts';

/** ATT&CK's enterprise bundle is tens of megabytes: catalogs get more room and time than pages. */
const MAX_CATALOG_BYTES = 256 * 1024 * 1024;
const CATALOG_TIMEOUT_MS = 300_000;
/** GitHub serves raw files as text/plain. */
const CATALOG_TYPES = ['application/json', 'text/plain', 'application/octet-stream'];

export interface CatalogRead {
  format: string;
  entries: Parameters<CatalogStore['saveCatalogEntries']>[0];
  skipped: number;
}

export interface CatalogSyncResult {
  url: string;
  status: 'updated' | 'unchanged' | 'failed';
  format: string | null;
  entries: number;
  added: number;
  merged: number;
  newAliases: number;
  error: string | null;
}

async function locationSource(deps: SourceDeps, url: string): Promise<Source> {
  const known = await deps.store.findSource(url, 'catalog');
  if (known) return known;
  const source: Source = {
    id: sourceId('catalog', url),
    type: 'catalog',
    url,
    key: url,
    settings: SourceSettingsSchema.parse({}),
    enabled: true,
    addedAt: deps.clock.now().toISOString(),
    state: EMPTY_SOURCE_STATE,
  };
  await deps.store.addSource(source);
  return (await deps.store.findSource(url, 'catalog')) ?? source;
}

export async function syncCatalog(
  deps: SourceDeps,
  url: string,
  read: (json: unknown, name: string) => CatalogRead,
): Promise<CatalogSyncResult> {
  const source = await locationSource(deps, url);
  const now = deps.clock.now();
  const result: CatalogSyncResult = {
    url,
    status: 'unchanged',
    format: null,
    entries: 0,
    added: 0,
    merged: 0,
    newAliases: 0,
    error: null,
  };
  try {
    const response = await deps.web.get(url, {
      accept: CATALOG_TYPES,
      acceptHeader: 'application/json',
      etag: source.state.etag,
      lastModified: source.state.lastModified,
      maxBytes: MAX_CATALOG_BYTES,
      timeoutMs: CATALOG_TIMEOUT_MS,
    });
    if (response.status === 'not-modified') {
      await deps.store.saveSourceState(source.id, succeeded(source.state, now));
      return result;
    }
    const hash = createHash('sha256').update(response.body).digest('hex');
    const validators = { etag: response.etag, lastModified: response.lastModified };
    if (hash === source.state.cursor) {
      await deps.store.saveSourceState(source.id, succeeded(source.state, now, validators));
      return result;
    }
    let json: unknown;
    try {
      json = JSON.parse(decodeText(response.body));
    } catch (error) {
      throw new ThreatBriefError(
        'invalid_json',
        `${url}: invalid JSON: ${(error as Error).message}`,
      );
    }
    const { format, entries } = read(json, url);
    const merged = await deps.analysis.import(deps.store, entries, url);
    await deps.store.saveSourceState(
      source.id,
      succeeded(source.state, now, { ...validators, cursor: hash }),
    );
    return {
      ...result,
      status: 'updated',
      format,
      entries: entries.length,
      added: merged.added,
      merged: merged.merged,
      newAliases: merged.newAliases,
    };
  } catch (error) {
    const message = asThreatBriefError(error, 'fetch_failed').message;
    await deps.store.saveSourceState(source.id, failed(source.state, now, message));
    deps.logger.warn('catalog sync failed', { url, error: message });
    return { ...result, status: 'failed', error: message };
  }
}

/** Syncs each location in turn; one failing never stops the others. */
export async function syncCatalogs(
  deps: SourceDeps,
  urls: readonly string[],
  read: (json: unknown, name: string) => CatalogRead,
): Promise<CatalogSyncResult[]> {
  const results: CatalogSyncResult[] = [];
  for (const url of urls) results.push(await syncCatalog(deps, url, read));
  return results;
}
