/** @module The whole persistence surface one adapter (SQLite, PostgreSQL) provides. */
import type { ReportStore } from './report-store.ts';

export interface Store extends ReportStore {
  /** Which adapter this is, for logs and `threatbrief status`. */
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}
