/** @module The whole persistence surface one adapter (SQLite, PostgreSQL) provides. */
import type { AnalysisStore } from './analysis-store.ts';
import type { CatalogStore } from './catalog-store.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { ReportStore } from './report-store.ts';
import type { SubscriptionStore } from './subscription-store.ts';

export interface Store
  extends ReportStore,
    AnalysisStore,
    CatalogStore,
    ConversationStore,
    SubscriptionStore {
  /** Which adapter this is, for logs and `threatbrief status`. */
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}
