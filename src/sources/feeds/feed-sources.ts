/**
 * @module Managing feed subscriptions: adding one (by URL or from the starter list), enabling,
 * disabling, removing. The starter list is public vendor research feeds, never added by itself.
 */
import { createHash } from 'node:crypto';
import { ThreatBriefError } from '../../core/errors.ts';
import { type Reliability, ReliabilitySchema } from '../../core/model/reliability.ts';
import { EMPTY_SOURCE_STATE, type Source, SourceSettingsSchema } from '../../core/model/source.ts';
import type { Tlp } from '../../core/model/tlp.ts';
import type { SourceStore } from '../../core/ports/source-store.ts';
import { sourceUrl } from '../source-runs.ts';
import starter from './starter-feeds.json' with { type: 'json' };

export interface StarterFeed {
  id: string;
  publisher: string;
  url: string;
  reliability: Reliability;
}

export const STARTER_FEEDS: readonly StarterFeed[] = starter.map((f) => ({
  ...f,
  reliability: ReliabilitySchema.parse(f.reliability),
}));

export interface FeedOptions {
  publisher?: string | undefined;
  reliability?: Reliability | undefined;
  tlp?: Tlp | undefined;
  name?: string | undefined;
}

/** A short id users can type: the starter id, else derived from the address. */
export function sourceId(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

export async function addFeed(
  store: SourceStore,
  rawUrl: string,
  options: FeedOptions & { id?: string; starter?: string },
  addedAt: Date,
): Promise<{ source: Source; status: 'added' | 'exists' }> {
  const url = sourceUrl(rawUrl, 'a feed address may not carry credentials').href;
  const source: Source = {
    id: options.id ?? sourceId('feed', url),
    type: 'feed',
    url,
    key: url,
    settings: SourceSettingsSchema.parse({
      name: options.name ?? null,
      publisher: options.publisher ?? null,
      reliability: options.reliability ?? null,
      tlp: options.tlp ?? null,
      starter: options.starter ?? null,
    }),
    enabled: true,
    addedAt: addedAt.toISOString(),
    state: EMPTY_SOURCE_STATE,
  };
  const status = await store.addSource(source);
  if (status === 'exists') {
    const known = (await store.findSource(url, 'feed'))!;
    return { source: known, status };
  }
  return { source, status };
}

/** Adds (enabled) the starter feeds named, or all of them; ones already there are enabled again. */
export async function enableStarterFeeds(
  store: SourceStore,
  ids: readonly string[] | 'all',
  at: Date,
): Promise<{ id: string; status: 'added' | 'enabled' | 'already on' }[]> {
  const chosen =
    ids === 'all'
      ? STARTER_FEEDS
      : ids.map((id) => {
          const feed = STARTER_FEEDS.find((f) => f.id === id);
          if (!feed)
            throw new ThreatBriefError(
              'not_found',
              `"${id}" is not a starter feed (see \`threatbrief feeds starter\`)`,
            );
          return feed;
        });
  const out: { id: string; status: 'added' | 'enabled' | 'already on' }[] = [];
  for (const feed of chosen) {
    const { source, status } = await addFeed(
      store,
      feed.url,
      {
        id: feed.id,
        starter: feed.id,
        name: feed.publisher,
        publisher: feed.publisher,
        reliability: feed.reliability,
      },
      at,
    );
    if (status === 'added') out.push({ id: source.id, status });
    else if (source.enabled) out.push({ id: source.id, status: 'already on' });
    else {
      await store.setSourceEnabled(source.id, true);
      out.push({ id: source.id, status: 'enabled' });
    }
  }
  return out;
}

/** A stored feed by id, URL or name; a clear error when none matches. */
export async function findFeed(store: SourceStore, ref: string): Promise<Source> {
  const direct = await store.findSource(ref, 'feed');
  if (direct) return direct;
  const byName = (await store.listSources('feed')).find(
    (s) => s.settings.name?.toLowerCase() === ref.toLowerCase(),
  );
  if (byName) return byName;
  throw new ThreatBriefError('not_found', `no feed "${ref}" (see \`threatbrief feeds list\`)`);
}
