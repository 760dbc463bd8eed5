/**
 * @module Fetched pages as ingest documents: the response's content type picks the same parser a
 * file of that kind gets (HTML through Readability, PDF, STIX or MISP JSON, text, Markdown), and
 * the address becomes the report's link when the page names none.
 */
import { ThreatBriefError } from '../../core/errors.ts';
import type { SourceDocument } from '../../core/ingest/ingest-documents.ts';
import type { ReportDraft } from '../../core/model/report.ts';
import { isSupported, unsupported } from '../files/formats/parse-file.ts';
import { DEFAULT_PARSE_MEMORY_MB, DEFAULT_PARSE_TIMEOUT_MS } from '../files/limits.ts';
import { sharedParserHost } from '../files/parser-host.ts';
import type { WebClient } from './web-client.ts';

/** Media type to the file extension whose parser reads it. */
const PARSER_BY_TYPE: Record<string, string> = {
  'text/html': '.html',
  'application/xhtml+xml': '.html',
  'application/pdf': '.pdf',
  'application/json': '.json',
  'application/stix+json': '.json',
  'application/taxii+json': '.json',
  'text/plain': '.txt',
  'text/markdown': '.md',
};

/** Types a page may be served as to be ingested. */
export const PAGE_TYPES = Object.keys(PARSER_BY_TYPE);

/** Types a feed entry's page may be: an article, not a bundle. */
export const ARTICLE_TYPES = [
  'text/html',
  'application/xhtml+xml',
  'text/plain',
  'application/pdf',
];

function extensionFor(contentType: string | null, url: string): string {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (type && PARSER_BY_TYPE[type]) return PARSER_BY_TYPE[type];
  // No type given: the address's extension, else HTML (what most pages are).
  const ext = /\.(html?|pdf|json|txt|md)$/i.exec(new URL(url).pathname)?.[0]?.toLowerCase();
  return ext === '.htm' ? '.html' : (ext ?? '.html');
}

/** Fetches a page and parses it by its type; drafts carry the page's address when they name none. */
export async function fetchDrafts(
  web: WebClient,
  url: string,
  accept: readonly string[] = PAGE_TYPES,
): Promise<ReportDraft[]> {
  const result = await web.get(url, { accept });
  if (result.status !== 'ok')
    throw new ThreatBriefError('fetch_failed', `${url}: not modified, nothing to read`);
  const ext = extensionFor(result.contentType, result.url);
  // A fetched page is parsed like a file: in the worker, under the same time and memory limits.
  if (!isSupported(ext)) throw unsupported(ext);
  const drafts = await sharedParserHost.parse(ext, result.body, {
    timeoutMs: DEFAULT_PARSE_TIMEOUT_MS,
    memoryMb: DEFAULT_PARSE_MEMORY_MB,
  });
  // A page is an article: the link readers follow is where it came from, unless it names its own.
  return drafts.map((d) =>
    ext === '.json' ? d : { ...d, url: d.url ?? result.url, sourceKind: 'url' as const },
  );
}

/** One ingest document per address, fetched when the ingest reaches it. */
export function urlDocuments(urls: readonly string[], web: WebClient): SourceDocument[] {
  return urls.map((url) => ({ origin: url, read: () => fetchDrafts(web, url) }));
}

export function isWebAddress(argument: string): boolean {
  return /^https?:\/\//i.test(argument);
}
