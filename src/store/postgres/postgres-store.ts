/** @module The PostgreSQL adapter: every role store over one shared connection pool; chosen by DATABASE_URL. */
import type { Store } from '../../core/ports/store.ts';
import { postgresAnalysisReadStore } from './analysis-store.ts';
import { postgresAnalysisWriteStore } from './analysis-write-store.ts';
import { postgresCatalogStore } from './catalog-store.ts';
import { postgresConversationStore } from './conversation-store.ts';
import { PostgresDatabase } from './database.ts';
import { postgresLeaseStore } from './lease-store.ts';
import { postgresPlatformStateStore } from './platform-state-store.ts';
import { postgresReportStore } from './report-store.ts';
import { postgresSourceStore } from './source-store.ts';
import { postgresSubscriptionStore } from './subscription-store.ts';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (libpq options such as search_path allowed). */
  url: string;
  /** Pool size per process (default 8). */
  maxConnections?: number;
}

/** Connects and migrates; throws a `store` error naming the server (not its password) when it cannot. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const db = await PostgresDatabase.open(options.url, options);
  return {
    kind: 'postgres',
    ...postgresReportStore(db),
    ...postgresAnalysisReadStore(db),
    ...postgresAnalysisWriteStore(db),
    ...postgresCatalogStore(db),
    ...postgresConversationStore(db),
    ...postgresPlatformStateStore(db),
    ...postgresSubscriptionStore(db),
    ...postgresLeaseStore(db),
    ...postgresSourceStore(db),
    close: () => db.close(),
  };
}
