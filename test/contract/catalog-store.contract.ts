/** @module CatalogStore contract: imported and learned entries kept in import order, upserted by (source, kind, name). */
import { describe, expect, it } from 'vitest';
import type { CatalogStore } from '../../src/core/ports/catalog-store.ts';
import { type StoreHarness, useStore } from './harness.ts';

export function catalogStoreContract(harness: StoreHarness): void {
  describe('CatalogStore', () => {
    const fx = useStore(harness);
    const store = (): CatalogStore => fx.store;

    it('keeps imported catalog entries, updating an entry imported again', async () => {
      expect(await store().importedCatalog()).toEqual([]);
      const added = await store().saveCatalogEntries([
        { kind: 'actor', name: 'Copper Wren', aliases: ['CW-17'], source: 'misp' },
        { kind: 'malware', name: 'GlassWing', aliases: [], source: 'attack' },
      ]);
      expect(added).toBe(2);
      expect(
        await store().saveCatalogEntries([
          { kind: 'actor', name: 'Copper Wren', aliases: ['CW-17', 'Wren Group'], source: 'misp' },
        ]),
      ).toBe(0);
      const entries = await store().importedCatalog();
      expect(entries.map((e) => [e.name, e.aliases])).toEqual([
        ['Copper Wren', ['CW-17', 'Wren Group']],
        ['GlassWing', []],
      ]);
    });

    it('keeps the marking of where a name was learned: one name at two labels is two entries', async () => {
      await store().saveCatalogEntries([
        { kind: 'actor', name: 'Quartz Heron', aliases: ['QH-2291'], source: 'stix', tlp: 'RED' },
      ]);
      await store().saveCatalogEntries(
        [{ kind: 'actor', name: 'Quartz Heron', aliases: [], source: 'stix' }],
        'a public bundle',
      );
      const entries = await store().importedCatalog();
      expect(entries.map((e) => [e.name, e.aliases, e.tlp])).toEqual([
        ['Quartz Heron', ['QH-2291'], 'RED'],
        ['Quartz Heron', [], 'CLEAR'],
      ]);
      // A reader's catalog holds only what its clearance may know.
      expect((await store().importedCatalog('AMBER')).map((e) => [e.aliases, e.tlp])).toEqual([
        [[], 'CLEAR'],
      ]);
      // Where an entry came from is shown only to a reader cleared for it.
      expect(
        (await store().catalogOrigins('actor', ['Quartz Heron', 'QH-2291'], 'CLEAR')).map(
          (o) => o.origin,
        ),
      ).toEqual(['a public bundle']);
      expect(
        await store().catalogOrigins('actor', ['Quartz Heron', 'QH-2291'], 'RED'),
      ).toHaveLength(2);
    });

    it('refuses an invalid entry without keeping any of the batch', async () => {
      await expect(
        store().saveCatalogEntries([
          { kind: 'actor', name: 'Valid Name', aliases: [], source: 'misp' },
          // biome-ignore lint/suspicious/noExplicitAny: a malformed entry, as bad input would be
          { kind: 'planet', name: '', aliases: 'x', source: 'misp' } as any,
        ]),
      ).rejects.toThrow();
      expect(await store().importedCatalog()).toEqual([]);
    });
  });
}
