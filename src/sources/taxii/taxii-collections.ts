/** @module Managing TAXII 2.1 collections to pull: adding one (API root, collection, credentials), finding, viewing without secrets. */
import { ThreatBriefError } from '../../core/errors.ts';
import type { Reliability } from '../../core/model/reliability.ts';
import {
  EMPTY_SOURCE_STATE,
  type Source,
  type SourceAuth,
  SourceSettingsSchema,
} from '../../core/model/source.ts';
import type { Tlp } from '../../core/model/tlp.ts';
import type { SourceStore } from '../../core/ports/source-store.ts';
import { sourceId } from '../feeds/feed-sources.ts';
import { sourceUrl } from '../source-runs.ts';

export interface CollectionOptions {
  collection: string;
  auth: SourceAuth | null;
  publisher?: string | undefined;
  reliability?: Reliability | undefined;
  tlp?: Tlp | undefined;
  name?: string | undefined;
}

/** The API root with one trailing slash, so collection paths resolve under it. */
function apiRoot(raw: string): string {
  const url = sourceUrl(raw, 'give credentials with --user/--password or --token, not in the URL');
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export async function addCollection(
  store: SourceStore,
  rawUrl: string,
  options: CollectionOptions,
  at: Date,
): Promise<{ source: Source; status: 'added' | 'exists' }> {
  const url = apiRoot(rawUrl);
  const key = `${url}#${options.collection}`;
  const source: Source = {
    id: sourceId('taxii', key),
    type: 'taxii',
    url,
    key,
    settings: SourceSettingsSchema.parse({
      name: options.name ?? null,
      publisher: options.publisher ?? null,
      reliability: options.reliability ?? null,
      tlp: options.tlp ?? null,
      collection: options.collection,
      auth: options.auth,
    }),
    enabled: true,
    addedAt: at.toISOString(),
    state: EMPTY_SOURCE_STATE,
  };
  const status = await store.addSource(source);
  return { source: status === 'added' ? source : (await store.findSource(key, 'taxii'))!, status };
}

export async function findCollection(store: SourceStore, ref: string): Promise<Source> {
  const found =
    (await store.findSource(ref, 'taxii')) ??
    (await store.listSources('taxii')).find(
      (s) => s.settings.name?.toLowerCase() === ref.toLowerCase() || s.settings.collection === ref,
    );
  if (!found)
    throw new ThreatBriefError(
      'not_found',
      `no TAXII collection "${ref}" (see \`threatbrief taxii list\`)`,
    );
  return found;
}

/** The Authorization header for a collection's credentials. */
export function authorizationOf(auth: SourceAuth | null): string | undefined {
  if (!auth) return undefined;
  if (auth.kind === 'token') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
}

/** A collection as listings show it: how it authenticates, never the secret. */
export function collectionView(s: Source) {
  const auth = s.settings.auth;
  return {
    id: s.id,
    url: s.url,
    collection: s.settings.collection,
    name: s.settings.name,
    publisher: s.settings.publisher,
    reliability: s.settings.reliability,
    tlp: s.settings.tlp,
    enabled: s.enabled,
    auth: auth ? (auth.kind === 'basic' ? `basic (user ${auth.user})` : 'token') : 'none',
    addedAt: s.addedAt,
    addedAfter: s.state.cursor,
    lastAttemptAt: s.state.lastAttemptAt,
    lastSuccessAt: s.state.lastSuccessAt,
    lastError: s.state.lastError,
    failures: s.state.failures,
    nextDueAt: s.state.nextDueAt,
    reportsStored: s.state.itemsStored,
  };
}
