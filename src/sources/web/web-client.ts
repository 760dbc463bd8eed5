/**
 * @module Fetching anything a source names (feeds, entry pages, TAXII, catalogs) under one set of
 * limits: http(s) only, a time limit, a size limit read as the body streams, accepted content
 * types, bounded redirects followed by hand, and the address policy applied to every connection
 * after DNS resolution. undici does the HTTP; its connect hook lets us vet the resolved address
 * and connect to exactly that address, so a DNS answer cannot change between check and use.
 */
import { isIP } from 'node:net';
import type { Agent, request } from 'undici';
import { ThreatBriefError } from '../../core/errors.ts';
import { formatBytes } from '../../core/text/bytes.ts';
import {
  type AddressPolicy,
  checkAddresses,
  type ResolvedAddress,
  type Resolver,
  systemResolver,
} from './address-policy.ts';

export interface WebClientOptions {
  policy: AddressPolicy;
  resolver?: Resolver;
  /** Whole request, headers and body, in milliseconds. */
  timeoutMs: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  maxRedirects?: number;
  userAgent?: string;
}

export interface FetchOptions {
  /** Media types accepted ("text/html", "application/*", "+xml" for any XML suffix). */
  accept: readonly string[];
  /** Sent as the Accept header. */
  acceptHeader?: string;
  /** Authorization header value; sent only to the origin first asked, never logged. */
  authorization?: string | undefined;
  /** Validators from the last fetch, for a conditional request. */
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
  maxBytes?: number;
  timeoutMs?: number;
}

export type FetchResult =
  | { status: 'not-modified'; url: string }
  | {
      status: 'ok';
      /** Where the body came from, after redirects. */
      url: string;
      contentType: string | null;
      body: Uint8Array;
      etag: string | null;
      lastModified: string | null;
      header(name: string): string | null;
    };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function mediaType(contentType: string | null): string | null {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() || null;
}

export function acceptsType(contentType: string | null, accept: readonly string[]): boolean {
  const type = mediaType(contentType);
  // A server that names no type is given the benefit of the doubt; the parser still judges the body.
  if (!type) return true;
  return accept.some((a) =>
    a.startsWith('+')
      ? type.endsWith(a)
      : a.endsWith('/*')
        ? type.startsWith(a.slice(0, -1))
        : type === a,
  );
}

function fetchError(url: string, message: string, cause?: unknown): ThreatBriefError {
  return new ThreatBriefError('fetch_failed', `${url}: ${message}`, { cause });
}

/** The first ThreatBriefError in an error's cause chain (undici wraps what the connect hook threw). */
function ourError(error: unknown): ThreatBriefError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof ThreatBriefError) return current;
    if (current instanceof AggregateError)
      for (const inner of current.errors) if (inner instanceof ThreatBriefError) return inner;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; message?: string; name?: string };
  if (e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT') return 'timed out';
  if (e?.code === 'ENOTFOUND') return 'no such host';
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ECONNRESET' || e?.code === 'UND_ERR_SOCKET') return 'connection reset';
  return e?.message ?? String(error);
}

/** Checks a URL before any connection: scheme, no embedded credentials, literal addresses vetted. */
function parseTarget(raw: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ThreatBriefError('invalid_input', `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ThreatBriefError(
      'invalid_input',
      `${url.protocol} URLs are not fetched (http or https only)`,
    );
  if (url.username || url.password)
    throw new ThreatBriefError(
      'invalid_input',
      'credentials in a URL are refused (they would end up in logs); use --user/--password or --token',
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  // Literal addresses never reach the resolver, so they are vetted here.
  if (family) checkAddresses(policy, host, [{ address: host, family: family as 4 | 6 }]);
  return url;
}

export class WebClient {
  readonly #options: WebClientOptions;
  /** undici and its agent load on the first fetch: most commands never fetch. */
  #http: Promise<{ agent: Agent; request: typeof request }> | undefined;

  constructor(options: WebClientOptions) {
    this.#options = options;
  }

  #connect(): Promise<{ agent: Agent; request: typeof request }> {
    this.#http ??= import('undici').then(({ Agent, request }) => ({
      agent: this.#agent(Agent),
      request,
    }));
    return this.#http;
  }

  #agent(AgentClass: typeof Agent): Agent {
    const options = this.#options;
    const resolver = options.resolver ?? systemResolver;
    return new AgentClass({
      keepAliveTimeout: 2_000,
      connect: {
        timeout: Math.min(options.timeoutMs, 10_000),
        lookup: (hostname, lookupOptions, callback) => {
          resolver(hostname)
            .then((addresses) => {
              if (addresses.length === 0)
                throw new ThreatBriefError('fetch_failed', `${hostname}: no such host`);
              checkAddresses(options.policy, hostname, addresses);
              const family = (lookupOptions as { family?: number }).family;
              const usable: ResolvedAddress[] = family
                ? addresses.filter((a) => a.family === family)
                : addresses;
              if ((lookupOptions as { all?: boolean }).all) callback(null, usable as never);
              else callback(null, usable[0]!.address as never, usable[0]!.family as never);
            })
            .catch((error: unknown) => callback(error as Error, '' as never, 0 as never));
        },
      },
    });
  }

  async close(): Promise<void> {
    if (this.#http) await (await this.#http).agent.close();
  }

  /** GETs `rawUrl`, following up to `maxRedirects` redirects; every failure is a ThreatBriefError. */
  async get(rawUrl: string, options: FetchOptions): Promise<FetchResult> {
    const { policy } = this.#options;
    const maxBytes = options.maxBytes ?? this.#options.maxBytes;
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    const maxRedirects = this.#options.maxRedirects ?? 5;
    const signal = AbortSignal.timeout(timeoutMs);
    const first = parseTarget(rawUrl, policy);
    const visited = new Set<string>();
    let url = first;
    for (let hop = 0; ; hop++) {
      visited.add(url.href);
      const headers: Record<string, string> = {
        'user-agent': this.#options.userAgent ?? 'ThreatBrief (threat report ingest)',
        accept: options.acceptHeader ?? options.accept.join(', '),
      };
      // Credentials go to the origin they were given for, never to wherever it redirects.
      if (options.authorization && url.origin === first.origin)
        headers.authorization = options.authorization;
      if (options.etag) headers['if-none-match'] = options.etag;
      if (options.lastModified) headers['if-modified-since'] = options.lastModified;
      let response: Awaited<ReturnType<typeof request>>;
      const http = await this.#connect();
      try {
        response = await http.request(url, {
          method: 'GET',
          headers,
          dispatcher: http.agent,
          signal,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        const ours = ourError(error);
        if (ours) throw ours;
        if (signal.aborted)
          throw fetchError(url.href, `timed out after ${Math.round(timeoutMs / 1000)} s`, error);
        throw fetchError(url.href, describeNetworkError(error), error);
      }
      const header = (name: string): string | null => {
        const value = response.headers[name.toLowerCase()];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      };
      if (REDIRECTS.has(response.statusCode)) {
        await response.body.dump().catch(() => {});
        const location = header('location');
        if (!location) throw fetchError(url.href, `HTTP ${response.statusCode} without a Location`);
        const next = parseTarget(new URL(location, url).href, policy);
        if (visited.has(next.href)) throw fetchError(first.href, `redirect loop at ${next.href}`);
        if (hop + 1 > maxRedirects)
          throw fetchError(first.href, `more than ${maxRedirects} redirects`);
        url = next;
        continue;
      }
      if (response.statusCode === 304) {
        await response.body.dump().catch(() => {});
        return { status: 'not-modified', url: url.href };
      }
      if (response.statusCode < 200 || response.statusCode > 299) {
        await response.body.dump().catch(() => {});
        throw fetchError(url.href, `HTTP ${response.statusCode}`);
      }
      const contentType = header('content-type');
      if (!acceptsType(contentType, options.accept)) {
        await response.body.dump().catch(() => {});
        throw new ThreatBriefError(
          'unsupported_type',
          `${url.href}: served as ${mediaType(contentType)}, expected ${options.accept.join(' or ')}`,
        );
      }
      const declared = Number(header('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.body.destroy();
        throw tooLarge(url.href, maxBytes, declared);
      }
      const body = await readCapped(response.body, url.href, maxBytes, signal, timeoutMs);
      return {
        status: 'ok',
        url: url.href,
        contentType,
        body,
        etag: header('etag'),
        lastModified: header('last-modified'),
        header,
      };
    }
  }
}

function tooLarge(url: string, maxBytes: number, size?: number): ThreatBriefError {
  return new ThreatBriefError(
    'too_large',
    `${url}: ${size ? `${formatBytes(size)} is` : 'the body is'} over the ${formatBytes(maxBytes)} limit (FETCH_MAX_BYTES)`,
  );
}

/** Reads a body, stopping (and closing the connection) as soon as it passes `maxBytes`. */
async function readCapped(
  body: AsyncIterable<Uint8Array> & { destroy(): unknown },
  url: string,
  maxBytes: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        body.destroy();
        throw tooLarge(url, maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ThreatBriefError) throw error;
    if (signal.aborted)
      throw fetchError(url, `timed out after ${Math.round(timeoutMs / 1000)} s`, error);
    throw fetchError(url, describeNetworkError(error), error);
  }
  return Buffer.concat(chunks, size);
}
