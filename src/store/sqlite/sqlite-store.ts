/** @module The SQLite adapter: every role store over one shared node:sqlite handle (one file, WAL, FTS5). */
import type { Store } from '../../core/ports/store.ts';
import { sqliteAnalysisReadStore } from './analysis-store.ts';
import { sqliteAnalysisWriteStore } from './analysis-write-store.ts';
import { sqliteCatalogStore } from './catalog-store.ts';
import { sqliteConversationStore } from './conversation-store.ts';
import { SqliteDatabase } from './database.ts';
import { sqliteLeaseStore } from './lease-store.ts';
import { sqlitePlatformStateStore } from './platform-state-store.ts';
import { sqliteReportStore } from './report-store.ts';
import { sqliteSourceStore } from './source-store.ts';
import { sqliteSubscriptionStore } from './subscription-store.ts';

export interface SqliteStoreOptions {
  /** Path of the database file, or ":memory:". */
  path: string;
}

/** Opens (and migrates) the database at `options.path`; throws a `store` error when it cannot. */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const db = SqliteDatabase.open(options.path);
  return {
    kind: 'sqlite',
    ...sqliteReportStore(db),
    ...sqliteAnalysisReadStore(db),
    ...sqliteAnalysisWriteStore(db),
    ...sqliteCatalogStore(db),
    ...sqliteConversationStore(db),
    ...sqlitePlatformStateStore(db),
    ...sqliteSubscriptionStore(db),
    ...sqliteLeaseStore(db),
    ...sqliteSourceStore(db),
    async close() {
      db.close();
    },
  };
}
