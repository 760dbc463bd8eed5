/** @module CatalogStore port (role: catalog): actor and software entries imported by users or learned from STIX. */
import type { CatalogEntryInput, CatalogKind, CatalogSource } from '../analysis/catalog/catalog.ts';
import type { Tlp } from '../model/tlp.ts';

export interface CatalogOrigin {
  source: CatalogSource;
  name: string;
  /** The file or URL it was imported from; null for names learned from ingested STIX. */
  origin: string | null;
  /** When the stored entry last changed. */
  savedAt: string;
}

export interface CatalogStore {
  /**
   * Everything imported so far, oldest first, so merging replays in the same order; with a
   * clearance, only entries learned at or below it (what a destination cleared for it may know).
   */
  importedCatalog(clearance?: Tlp): Promise<CatalogEntryInput[]>;
  /**
   * Upserts by (source, kind, name); returns how many entries were new. `origin` (a file or URL)
   * is recorded with every entry that is new or changed.
   */
  saveCatalogEntries(entries: CatalogEntryInput[], origin?: string | null): Promise<number>;
  /**
   * Where stored entries of a kind with any of these names came from, and when each last changed;
   * only entries learned at or below `clearance`.
   */
  catalogOrigins(
    kind: CatalogKind,
    names: readonly string[],
    clearance: Tlp,
  ): Promise<CatalogOrigin[]>;
  /**
   * A number that grows whenever any process saves an entry (0 for none): a replica compares it
   * with the one it loaded to know when to reload the catalog.
   */
  catalogRevision(): Promise<number>;
}
