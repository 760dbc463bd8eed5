/**
 * @module Pulling a TAXII 2.1 collection: GET its objects from the stored `added_after`, page by
 * page (`next`, or the X-TAXII-Date-Added-Last header), then every `report` and `grouping` object
 * with the objects it refers to goes through the STIX ingestion as its own document. The cursor
 * moves only after a complete pull, so a failure midway fetches the same objects again next time.
 */
import { z } from 'zod';
import { asThreatBriefError, ThreatBriefError } from '../../core/errors.ts';
import { ingestDocuments, type SourceDocument } from '../../core/ingest/ingest-documents.ts';
import type { Source, SourceItemOutcome } from '../../core/model/source.ts';
import type { StixObject } from '../../core/model/stix.ts';
import { StixObjectSchema } from '../../core/model/stix.ts';
import { decodeText } from '../files/decode.ts';
import { parseStixBundle } from '../files/formats/stix.ts';
import {
  failed,
  ITEM_RETRY_LIMIT,
  ingestOptionsFor,
  type SourceDeps,
  sourcesToRun,
  succeeded,
} from '../source-runs.ts';
import { authorizationOf } from './taxii-collections.ts';

const TAXII_TYPES = ['application/taxii+json', 'application/json', 'application/stix+json'];
const ACCEPT = 'application/taxii+json;version=2.1';
/** Objects asked for per page; a server may send fewer. */
const PAGE_LIMIT = 500;
/** Pages in one pull; the rest waits for the next pull (the cursor stops where this one did). */
const MAX_PAGES = 100;

/** Only the envelope fields we read. */
const EnvelopeSchema = z.looseObject({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z.array(z.unknown()).optional(),
});

export interface TaxiiPullResult {
  id: string;
  url: string;
  collection: string | null;
  status: 'ok' | 'failed';
  pages: number;
  objects: number;
  /** report and grouping objects not taken before. */
  reports: number;
  stored: number;
  duplicates: number;
  rejected: { id: string; error: string }[];
  /** added_after for the next pull. */
  addedAfter: string | null;
  error: string | null;
}

interface Page {
  objects: StixObject[];
  more: boolean;
  next: string | null;
  addedLast: string | null;
}

async function fetchPage(deps: SourceDeps, source: Source, params: URLSearchParams): Promise<Page> {
  const url = new URL(
    `collections/${encodeURIComponent(source.settings.collection ?? '')}/objects/`,
    source.url,
  );
  url.search = params.toString();
  const response = await deps.web.get(url.href, {
    accept: TAXII_TYPES,
    acceptHeader: ACCEPT,
    authorization: authorizationOf(source.settings.auth),
  });
  if (response.status !== 'ok')
    throw new ThreatBriefError('fetch_failed', `${url.href}: unexpected 304`);
  let json: unknown;
  try {
    json = JSON.parse(decodeText(response.body));
  } catch (error) {
    throw new ThreatBriefError(
      'invalid_json',
      `${url.href}: invalid JSON (${(error as Error).message})`,
    );
  }
  const envelope = EnvelopeSchema.safeParse(json);
  if (!envelope.success)
    throw new ThreatBriefError('invalid_stix', `${url.href}: not a TAXII 2.1 envelope`);
  // Objects without a type and id are skipped rather than failing the page.
  const objects = (envelope.data.objects ?? []).flatMap((o) => {
    const parsed = StixObjectSchema.safeParse(o);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    objects,
    more: envelope.data.more === true,
    next: envelope.data.next ?? null,
    addedLast: response.header('x-taxii-date-added-last'),
  };
}

/** A report object with the objects it refers to (and markings, and relationships among them) as a bundle. */
function bundleFor(report: StixObject, byId: ReadonlyMap<string, StixObject>): unknown {
  const refs = new Set((report.object_refs as string[] | undefined) ?? []);
  const included = new Map<string, StixObject>([[report.id, report]]);
  for (const ref of refs) {
    const o = byId.get(ref);
    if (o) included.set(o.id, o);
  }
  for (const o of byId.values())
    if (
      o.type === 'relationship' &&
      refs.has(String(o.source_ref)) &&
      refs.has(String(o.target_ref))
    )
      included.set(o.id, o);
  for (const o of [...included.values()])
    for (const m of (o.object_marking_refs as string[] | undefined) ?? []) {
      const marking = byId.get(m);
      if (marking) included.set(marking.id, marking);
    }
  return {
    type: 'bundle',
    id: `bundle--${report.id.slice(report.id.indexOf('--') + 2)}`,
    objects: [...included.values()],
  };
}

const itemKey = (o: StixObject) => `${o.id}|${String(o.modified ?? o.created ?? '')}`;

export async function pullCollection(deps: SourceDeps, source: Source): Promise<TaxiiPullResult> {
  const now = deps.clock.now();
  const result: TaxiiPullResult = {
    id: source.id,
    url: source.url,
    collection: source.settings.collection,
    status: 'ok',
    pages: 0,
    objects: 0,
    reports: 0,
    stored: 0,
    duplicates: 0,
    rejected: [],
    addedAfter: source.state.cursor,
    error: null,
  };
  try {
    const byId = new Map<string, StixObject>();
    let cursor = source.state.cursor;
    const params = new URLSearchParams({ limit: String(PAGE_LIMIT) });
    if (cursor) params.set('added_after', cursor);
    for (;;) {
      const page = await fetchPage(deps, source, params);
      result.pages++;
      for (const o of page.objects) byId.set(o.id, o);
      result.objects += page.objects.length;
      if (page.addedLast && (!cursor || page.addedLast > cursor)) cursor = page.addedLast;
      if (!page.more || result.pages >= MAX_PAGES) break;
      if (page.next) params.set('next', page.next);
      else if (page.addedLast) {
        // Servers that page by time: ask again from the last object of this page.
        params.delete('next');
        params.set('added_after', page.addedLast);
      } else break;
    }
    const reports = [...byId.values()].filter((o) => o.type === 'report' || o.type === 'grouping');
    const finished = await deps.store.finishedItems(
      source.id,
      reports.map(itemKey),
      ITEM_RETRY_LIMIT,
    );
    const fresh = reports.filter((o) => !finished.has(itemKey(o)));
    result.reports = fresh.length;
    const documents: SourceDocument[] = fresh.map((o) => ({
      origin: `${source.url}collections/${source.settings.collection}/objects/${o.id}`,
      read: async () => parseStixBundle(bundleFor(o, byId)),
    }));
    const summary = await ingestDocuments(
      { store: deps.store, clock: deps.clock, analysis: deps.analysis },
      documents,
      ingestOptionsFor(source, deps.defaultTlp),
    );
    const at = deps.clock.now().toISOString();
    const outcomes: SourceItemOutcome[] = summary.documents.map((doc, i) => {
      const key = itemKey(fresh[i]!);
      if (doc.status === 'rejected') {
        result.rejected.push({ id: fresh[i]!.id, error: doc.error.message });
        return { key, status: 'rejected', reportId: null, error: doc.error.message, at };
      }
      const first = doc.reports[0];
      const status = first?.status === 'stored' ? 'stored' : 'duplicate';
      return { key, status, reportId: first?.id ?? null, error: null, at };
    });
    await deps.store.recordItems(source.id, outcomes);
    result.stored = summary.ingested;
    result.duplicates = summary.duplicates;
    result.addedAfter = cursor;
    await deps.store.saveSourceState(
      source.id,
      succeeded(source.state, now, {
        cursor,
        itemsStored: source.state.itemsStored + summary.ingested,
      }),
    );
    return result;
  } catch (error) {
    const message = asThreatBriefError(error, 'fetch_failed').message;
    await deps.store.saveSourceState(source.id, failed(source.state, now, message));
    deps.logger.warn('TAXII pull failed', {
      collection: source.id,
      url: source.url,
      error: message,
    });
    return { ...result, status: 'failed', error: message };
  }
}

export async function pullCollections(
  deps: SourceDeps,
  options: { dueOnly: boolean; ids?: readonly string[] },
): Promise<TaxiiPullResult[]> {
  const sources = await sourcesToRun(deps, 'taxii', options);
  const results: TaxiiPullResult[] = [];
  for (const source of sources) results.push(await pullCollection(deps, source));
  return results;
}
