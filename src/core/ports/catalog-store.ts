/** @module CatalogStore port (role: catalog): actor and software entries imported by users or learned from STIX. */
import type { CatalogEntryInput } from '../analysis/catalog/catalog.ts';

export interface CatalogStore {
  /** Everything imported so far, oldest first, so merging replays in the same order. */
  importedCatalog(): Promise<CatalogEntryInput[]>;
  /** Upserts by (source, kind, name); returns how many entries were new. */
  saveCatalogEntries(entries: CatalogEntryInput[]): Promise<number>;
  /**
   * A number that grows whenever any process saves an entry (0 for none): a replica compares it
   * with the one it loaded to know when to reload the catalog.
   */
  catalogRevision(): Promise<number>;
}
