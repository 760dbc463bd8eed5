/**
 * @module What an adapter gives the store contract: fresh databases, and stores opened on them.
 * Opening a database twice gives two replicas (separate instances, separate connections), so
 * the contract can race them the way two `threatbrief serve` processes race.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../src/core/ports/store.ts';

export interface TestDatabase {
  /** Opens one more store on this database, as another replica would. */
  open(): Promise<Store>;
  /**
   * Opens `n` stores at the same moment, each migrating the database (from separate threads when
   * opening blocks its thread), and resolves when all of them are open.
   */
  openAtOnce(n: number): Promise<Store[]>;
  /** The versions the migration table records, one entry per row. */
  recordedMigrations(): Promise<number[]>;
  /** Removes the database; stores opened on it must be closed first. */
  drop(): Promise<void>;
}

export interface StoreHarness {
  /** Shown in the suite's title ("SQLite file", "PostgreSQL"). */
  name: string;
  /** A new, empty database no other test uses. */
  freshDatabase(): Promise<TestDatabase>;
}

export interface StoreFixture {
  /** The store each case starts with, on a fresh database. */
  readonly store: Store;
  readonly database: TestDatabase;
  /** Another replica on the same database (closed after the case). */
  replica(): Promise<Store>;
}

/** A fresh database and one store per case; every store opened in the case is closed after it. */
export function useStore(harness: StoreHarness): StoreFixture {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  const opened: Store[] = [];
  beforeEach(async () => {
    database = await harness.freshDatabase();
    store = await database.open();
    opened.push(store);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await database?.drop();
  });
  return {
    get store() {
      if (!store) throw new Error('the store is opened in beforeEach');
      return store;
    },
    get database() {
      if (!database) throw new Error('the database is created in beforeEach');
      return database;
    },
    async replica() {
      const replica = await this.database.open();
      opened.push(replica);
      return replica;
    },
  };
}
