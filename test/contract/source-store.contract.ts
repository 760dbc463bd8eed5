/**
 * @module SourceStore contract (feeds, TAXII collections, catalog locations, their items), the
 * job-run claims of LeaseStore that the polling jobs use, and where catalog entries came from.
 */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_SOURCE_STATE,
  type Source,
  SourceSettingsSchema,
} from '../../src/core/model/source.ts';
import { type StoreHarness, useStore } from './harness.ts';

export function feedSource(id: string, url: string, extra: Partial<Source> = {}): Source {
  return {
    id,
    type: 'feed',
    url,
    key: url,
    settings: SourceSettingsSchema.parse({ publisher: 'Example Labs', reliability: 'B' }),
    enabled: true,
    addedAt: '2026-11-20T10:00:00.000Z',
    state: EMPTY_SOURCE_STATE,
    ...extra,
  };
}

const SLOT = {
  job: 'feeds',
  slot: '2026-11-20T12:00:00.000Z',
  claimedAt: '2026-11-20T12:00:01.000Z',
  staleBefore: '2026-11-20T11:30:01.000Z',
};

export function sourceStoreContract(harness: StoreHarness): void {
  describe('SourceStore', () => {
    const fx = useStore(harness);

    it('adds a source once per type and key, finds it by id or URL, and removes it with its items', async () => {
      const store = fx.store;
      const feed = feedSource('f1', 'https://example.test/feed.xml');
      expect(await store.addSource(feed)).toBe('added');
      expect(await store.addSource({ ...feed, id: 'f2' })).toBe('exists');
      // A TAXII collection at the same address is another source.
      expect(
        await store.addSource({
          ...feed,
          id: 't1',
          type: 'taxii',
          key: `${feed.url}#c1`,
          settings: SourceSettingsSchema.parse({
            collection: 'c1',
            auth: { kind: 'token', token: 'tok-123' },
          }),
        }),
      ).toBe('added');
      expect((await store.listSources('feed')).map((s) => s.id)).toEqual(['f1']);
      expect((await store.listSources()).map((s) => s.id).sort()).toEqual(['f1', 't1']);
      expect(await store.findSource('https://example.test/feed.xml', 'feed')).toMatchObject({
        id: 'f1',
        settings: { publisher: 'Example Labs', reliability: 'B', tlp: null },
      });
      expect((await store.findSource('t1'))?.settings.auth).toEqual({
        kind: 'token',
        token: 'tok-123',
      });
      expect(await store.findSource('nope')).toBeUndefined();

      expect(await store.setSourceEnabled('f1', false)).toBe(true);
      expect((await store.findSource('f1'))?.enabled).toBe(false);

      await store.recordItems('f1', [
        { key: 'e1', status: 'stored', reportId: 'r1', error: null, at: SLOT.claimedAt },
      ]);
      expect(await store.removeSource('f1')).toBe(true);
      expect(await store.removeSource('f1')).toBe(false);
      // The item history went with it: a source added again starts afresh.
      await store.addSource(feed);
      expect(await store.finishedItems('f1', ['e1'], 3)).toEqual(new Set());
    });

    it('keeps the state a run leaves', async () => {
      const store = fx.store;
      await store.addSource(feedSource('f1', 'https://example.test/feed.xml'));
      const state = {
        etag: '"v2"',
        lastModified: 'Fri, 20 Nov 2026 11:00:00 GMT',
        cursor: '2026-11-20T11:59:00.000Z',
        lastAttemptAt: '2026-11-20T12:00:00.000Z',
        lastSuccessAt: '2026-11-20T11:30:00.000Z',
        lastError: 'HTTP 503',
        failures: 2,
        nextDueAt: '2026-11-20T13:00:00.000Z',
        itemsStored: 41,
      };
      await store.saveSourceState('f1', state);
      expect((await store.findSource('f1'))?.state).toEqual(state);
    });

    it('says which items are finished: stored or duplicate at once, rejected after the retry limit', async () => {
      const store = fx.store;
      await store.addSource(feedSource('f1', 'https://example.test/feed.xml'));
      const at = SLOT.claimedAt;
      await store.recordItems('f1', [
        { key: 'stored', status: 'stored', reportId: 'r1', error: null, at },
        { key: 'dup', status: 'duplicate', reportId: 'r1', error: null, at },
        { key: 'bad', status: 'rejected', reportId: null, error: 'HTTP 500', at },
      ]);
      const keys = ['stored', 'dup', 'bad', 'new'];
      expect(await store.finishedItems('f1', keys, 2)).toEqual(new Set(['stored', 'dup']));
      await store.recordItems('f1', [
        { key: 'bad', status: 'rejected', reportId: null, error: 'HTTP 500', at },
      ]);
      expect(await store.finishedItems('f1', keys, 2)).toEqual(new Set(['stored', 'dup', 'bad']));
      // A retried item that then succeeds is finished whatever the limit.
      await store.recordItems('f1', [
        { key: 'bad', status: 'stored', reportId: 'r2', error: null, at },
      ]);
      expect(await store.finishedItems('f1', ['bad'], 99)).toEqual(new Set(['bad']));
      // Many keys at once (a big TAXII page).
      const many = Array.from({ length: 1200 }, (_, i) => `k${i}`);
      await store.recordItems(
        'f1',
        many.map((key) => ({ key, status: 'stored' as const, reportId: null, error: null, at })),
      );
      expect((await store.finishedItems('f1', many, 3)).size).toBe(1200);
    });

    it('lets one replica claim a job slot; a stale unfinished claim is taken over', async () => {
      const replica = await fx.replica();
      const claims = await Promise.all([
        fx.store.claimJobRun({ ...SLOT, claimedBy: 'a' }),
        replica.claimJobRun({ ...SLOT, claimedBy: 'b' }),
        fx.store.claimJobRun({ ...SLOT, claimedBy: 'c' }),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Another job in the same minute is its own slot.
      expect(await replica.claimJobRun({ ...SLOT, job: 'taxii', claimedBy: 'b' })).toBe(true);
      // Forty minutes on, the first claim never finished: its process died.
      expect(
        await replica.claimJobRun({
          ...SLOT,
          claimedBy: 'd',
          claimedAt: '2026-11-20T12:40:00.000Z',
          staleBefore: '2026-11-20T12:10:00.000Z',
        }),
      ).toBe(true);
      await replica.finishJobRun({
        job: 'feeds',
        slot: SLOT.slot,
        status: 'done',
        finishedAt: '2026-11-20T12:40:05.000Z',
        summary: '3 feeds, 12 stored',
      });
      // A finished run is never taken over.
      expect(
        await fx.store.claimJobRun({
          ...SLOT,
          claimedBy: 'e',
          claimedAt: '2026-11-20T14:00:00.000Z',
          staleBefore: '2026-11-20T13:30:00.000Z',
        }),
      ).toBe(false);
      expect(await fx.store.jobRuns('feeds', 5)).toEqual([
        {
          job: 'feeds',
          slot: SLOT.slot,
          status: 'done',
          claimedBy: 'd',
          claimedAt: '2026-11-20T12:40:00.000Z',
          finishedAt: '2026-11-20T12:40:05.000Z',
          summary: '3 feeds, 12 stored',
        },
      ]);
    });

    it('records where a catalog entry came from, and when it last changed', async () => {
      const store = fx.store;
      const url = 'https://catalogs.example.test/threat-actor.json';
      await store.saveCatalogEntries(
        [{ kind: 'actor', name: 'Copper Wren', aliases: ['CW-17'], source: 'misp' }],
        url,
      );
      await store.saveCatalogEntries([
        { kind: 'actor', name: 'Wren Group', aliases: [], source: 'stix' },
      ]);
      const origins = await store.catalogOrigins(
        'actor',
        ['Copper Wren', 'Wren Group', 'Other'],
        'CLEAR',
      );
      expect(origins.map(({ savedAt, ...o }) => o)).toEqual([
        { source: 'misp', name: 'Copper Wren', origin: url },
        { source: 'stix', name: 'Wren Group', origin: null },
      ]);
      expect(Date.parse(origins[0]!.savedAt)).not.toBeNaN();
      expect(await store.catalogOrigins('malware', ['Copper Wren'], 'CLEAR')).toEqual([]);
    });
  });
}
