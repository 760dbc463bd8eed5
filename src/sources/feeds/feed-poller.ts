/**
 * @module Polling feeds: a conditional request for the feed, its entries not seen before, each
 * entry's page fetched and read as an article (the entry's own content when the page cannot be
 * had), stored through the ingest use case, and the feed's state (validators, failures, backoff,
 * last error) kept. One feed failing never stops the others.
 */
import { asThreatBriefError } from '../../core/errors.ts';
import { ingestDocuments, type SourceDocument } from '../../core/ingest/ingest-documents.ts';
import type { ReportDraft } from '../../core/model/report.ts';
import type { Source, SourceItemOutcome } from '../../core/model/source.ts';
import { parseHtml } from '../files/formats/html.ts';
import { parsePlainText } from '../files/formats/text.ts';
import {
  failed,
  ITEM_RETRY_LIMIT,
  ingestOptionsFor,
  limited,
  type SourceDeps,
  sourcesToRun,
  succeeded,
} from '../source-runs.ts';
import { ARTICLE_TYPES, fetchDrafts } from '../web/web-documents.ts';
import { type FeedEntry, parseFeedEntries } from './feed-entries.ts';

export const FEED_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'application/xml',
  'text/xml',
  '+xml',
];

/** New entries taken from one poll; a first poll of a long feed takes the newest this many. */
const MAX_NEW_ENTRIES = 100;
/** Entry pages fetched at once per feed. */
const PAGE_CONCURRENCY = 6;

export interface FeedPollResult {
  id: string;
  url: string;
  name: string | null;
  status: 'ok' | 'not-modified' | 'failed';
  /** Entries in the feed document. */
  entries: number;
  /** Entries not handled by an earlier poll. */
  new: number;
  stored: number;
  duplicates: number;
  /** Stored from the entry's own content because its page could not be had. */
  fromContent: number;
  rejected: { url: string; error: string }[];
  error: string | null;
  nextDueAt: string | null;
}

type PageOutcome = { drafts: ReportDraft[] } | { error: string };

async function entryPage(deps: SourceDeps, entry: FeedEntry): Promise<PageOutcome> {
  if (!entry.link) return { error: 'the entry has no link' };
  try {
    const drafts = await fetchDrafts(deps.web, entry.link, ARTICLE_TYPES);
    if (drafts.some((d) => /[\p{L}\p{N}]/u.test(d.text))) return { drafts };
    return { error: `${entry.link}: no readable text on the page` };
  } catch (error) {
    return { error: asThreatBriefError(error, 'fetch_failed').message };
  }
}

async function fromContent(entry: FeedEntry): Promise<ReportDraft[]> {
  if (!entry.content) return [];
  return entry.contentIsHtml ? parseHtml(entry.content) : parsePlainText(entry.content);
}

/** The entry as a report: the page when it could be read, else the entry's content. */
function entryDocument(
  source: Source,
  feedTitle: string | null,
  entry: FeedEntry,
  page: Promise<PageOutcome>,
  counts: { fromContent: number },
): SourceDocument {
  return {
    origin: entry.link ?? `${source.url}#${entry.key}`,
    async read() {
      const outcome = await page;
      let drafts: ReportDraft[];
      if ('drafts' in outcome) drafts = outcome.drafts;
      else {
        drafts = await fromContent(entry);
        if (!drafts.some((d) => /[\p{L}\p{N}]/u.test(d.text)))
          throw asThreatBriefError(new Error(outcome.error), 'fetch_failed');
        counts.fromContent++;
      }
      return drafts.map((d) => ({
        ...d,
        sourceKind: 'feed' as const,
        // The feed's own words for the entry are cleaner than a page's <title>.
        title: entry.title ?? d.title,
        url: entry.link ?? d.url,
        published: d.published ?? entry.published ?? undefined,
        // The publisher named when the feed was added wins: reliability is kept per publisher.
        publisher: source.settings.publisher ?? d.publisher ?? feedTitle ?? undefined,
        reliability: source.settings.reliability ?? d.reliability,
      }));
    },
  };
}

export async function pollFeed(deps: SourceDeps, source: Source): Promise<FeedPollResult> {
  const now = deps.clock.now();
  const result: FeedPollResult = {
    id: source.id,
    url: source.url,
    name: source.settings.name,
    status: 'ok',
    entries: 0,
    new: 0,
    stored: 0,
    duplicates: 0,
    fromContent: 0,
    rejected: [],
    error: null,
    nextDueAt: null,
  };
  try {
    const response = await deps.web.get(source.url, {
      accept: FEED_TYPES,
      etag: source.state.etag,
      lastModified: source.state.lastModified,
    });
    if (response.status === 'not-modified') {
      await deps.store.saveSourceState(source.id, succeeded(source.state, now));
      return { ...result, status: 'not-modified' };
    }
    const feed = parseFeedEntries(response.body, response.url);
    result.entries = feed.entries.length;
    const unique = [...new Map(feed.entries.map((e) => [e.key, e])).values()];
    const finished = await deps.store.finishedItems(
      source.id,
      unique.map((e) => e.key),
      ITEM_RETRY_LIMIT,
    );
    const fresh = unique.filter((e) => !finished.has(e.key)).slice(0, MAX_NEW_ENTRIES);
    result.new = fresh.length;
    const counts = { fromContent: 0 };
    const pages = limited(fresh, PAGE_CONCURRENCY, (e) => entryPage(deps, e));
    const documents = fresh.map((e, i) => entryDocument(source, feed.title, e, pages[i]!, counts));
    const summary = await ingestDocuments(
      { store: deps.store, clock: deps.clock, analysis: deps.analysis },
      documents,
      ingestOptionsFor(source, deps.defaultTlp),
    );
    const at = deps.clock.now().toISOString();
    const outcomes: SourceItemOutcome[] = summary.documents.map((doc, i) => {
      const key = fresh[i]!.key;
      if (doc.status === 'rejected') {
        result.rejected.push({ url: doc.origin, error: doc.error.message });
        return { key, status: 'rejected', reportId: null, error: doc.error.message, at };
      }
      const first = doc.reports[0];
      return {
        key,
        status: first?.status === 'stored' ? 'stored' : 'duplicate',
        reportId: first?.id ?? null,
        error: null,
        at,
      };
    });
    await deps.store.recordItems(source.id, outcomes);
    result.stored = summary.ingested;
    result.duplicates = summary.duplicates;
    result.fromContent = counts.fromContent;
    await deps.store.saveSourceState(
      source.id,
      succeeded(source.state, now, {
        etag: response.etag,
        lastModified: response.lastModified,
        itemsStored: source.state.itemsStored + summary.ingested,
      }),
    );
    return result;
  } catch (error) {
    const message = asThreatBriefError(error, 'fetch_failed').message;
    const state = failed(source.state, now, message);
    await deps.store.saveSourceState(source.id, state);
    deps.logger.warn('feed poll failed', { feed: source.id, url: source.url, error: message });
    return { ...result, status: 'failed', error: message, nextDueAt: state.nextDueAt };
  }
}

/**
 * Polls every enabled feed (with `dueOnly`, those not backing off after failures), one after
 * another, so their reports are stored in a stable order; entry pages are fetched in parallel.
 */
export async function pollFeeds(
  deps: SourceDeps,
  options: { dueOnly: boolean; ids?: readonly string[] },
): Promise<FeedPollResult[]> {
  const feeds = await sourcesToRun(deps, 'feed', options);
  const results: FeedPollResult[] = [];
  for (const feed of feeds) results.push(await pollFeed(deps, feed));
  return results;
}
