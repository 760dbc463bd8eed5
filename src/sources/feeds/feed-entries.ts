/**
 * @module A feed document (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed) as one list of entries with a
 * stable key, link, title, date and content. feedsmith does the parsing; this only picks fields.
 */
import { parseFeed } from 'feedsmith';
import { ThreatBriefError } from '../../core/errors.ts';
import { decodeText } from '../files/decode.ts';

export interface FeedEntry {
  /** guid, id, link, or a hash of title and date: what says "seen before". */
  key: string;
  link: string | null;
  title: string | null;
  published: string | null;
  /** The entry's own HTML (or text) content, used when its page cannot be had. */
  content: string | null;
  contentIsHtml: boolean;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  entries: FeedEntry[];
}

const text = (v: unknown): string | null => {
  if (typeof v === 'string') return v.trim() || null;
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string')
    return (v as { value: string }).value.trim() || null;
  return null;
};

/** Feed titles may carry markup ("<b>New</b> campaign"); report titles are plain text. */
const plainTitle = (v: unknown): string | null =>
  text(v)
    ?.replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim() || null;

function absolute(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function entry(
  base: string,
  fields: {
    id: unknown;
    link: string | null;
    title: unknown;
    published: unknown;
    html: unknown;
    plain?: unknown;
  },
): FeedEntry {
  const link = absolute(fields.link, base);
  const title = plainTitle(fields.title);
  const published = text(fields.published);
  const html = text(fields.html);
  const key = text(fields.id) ?? link ?? `${title ?? ''}|${published ?? ''}`;
  return {
    key,
    link,
    title,
    published,
    content: html ?? text(fields.plain),
    contentIsHtml: html !== null,
  };
}

/** Parses feed bytes; broken XML or an unknown format is an `invalid_feed` error. */
export function parseFeedEntries(bytes: Uint8Array, base: string): ParsedFeed {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(decodeText(bytes));
  } catch (error) {
    if (error instanceof ThreatBriefError) throw error;
    const reason =
      (error as Error).name === 'DetectError'
        ? 'not an RSS, Atom or JSON feed'
        : `broken feed (${(error as Error).message})`;
    throw new ThreatBriefError('invalid_feed', `${base}: ${reason}`, { cause: error });
  }
  switch (parsed.format) {
    case 'rss':
      return {
        format: 'rss',
        title: text(parsed.feed.title),
        entries: (parsed.feed.items ?? []).map((i) =>
          entry(base, {
            id: i.guid?.value,
            link: i.link ?? null,
            title: i.title,
            published: i.pubDate ?? i.dc?.dates?.[0],
            html: i.content?.encoded ?? i.description,
          }),
        ),
      };
    case 'atom':
      return {
        format: 'atom',
        title: text(parsed.feed.title),
        entries: (parsed.feed.entries ?? []).map((e) =>
          entry(base, {
            id: e.id,
            link:
              (e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0])?.href ?? null,
            title: e.title,
            published: e.published ?? e.updated,
            html: e.content?.value ?? e.summary?.value,
          }),
        ),
      };
    case 'rdf':
      return {
        format: 'rdf',
        title: text(parsed.feed.title),
        entries: (parsed.feed.items ?? []).map((i) =>
          entry(base, {
            id: i.rdf?.about ?? i.link,
            link: i.link ?? null,
            title: i.title,
            published: i.dc?.dates?.[0],
            html: i.content?.encoded ?? i.description,
          }),
        ),
      };
    case 'json':
      return {
        format: 'json',
        title: text(parsed.feed.title),
        entries: (parsed.feed.items ?? []).map((i) =>
          entry(base, {
            id: i.id,
            link: i.url ?? i.external_url ?? null,
            title: i.title,
            published: i.date_published ?? i.date_modified,
            html: i.content_html,
            plain: i.content_text ?? i.summary,
          }),
        ),
      };
  }
}
