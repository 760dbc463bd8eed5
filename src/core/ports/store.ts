/**
 * @module The whole persistence surface one adapter (SQLite, PostgreSQL) provides: the union of
 * the role ports. Only the composition root holds it; every other part asks for the roles it uses.
 */
import type { AnalysisReadStore } from './analysis-store.ts';
import type { AnalysisWriteStore } from './analysis-write-store.ts';
import type { CatalogStore } from './catalog-store.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { LeaseStore } from './lease-store.ts';
import type { PlatformStateStore } from './platform-state-store.ts';
import type { ReportStore } from './report-store.ts';
import type { SourceStore } from './source-store.ts';
import type { SubscriptionStore } from './subscription-store.ts';

export interface Store
  extends ReportStore,
    AnalysisReadStore,
    AnalysisWriteStore,
    CatalogStore,
    ConversationStore,
    PlatformStateStore,
    SubscriptionStore,
    LeaseStore,
    SourceStore {
  /** Which adapter this is, for logs and health. */
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}
