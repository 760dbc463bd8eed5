/**
 * @module The store contract, one suite per role, run unchanged against every adapter (SQLite
 * always, PostgreSQL where TEST_DATABASE_URL is set), plus the cases where two replicas race.
 */
import { describe } from 'vitest';
import { analysisStoreContract } from './analysis-store.contract.ts';
import { catalogStoreContract } from './catalog-store.contract.ts';
import { conversationStoreContract } from './conversation-store.contract.ts';
import type { StoreHarness } from './harness.ts';
import { leaseStoreContract } from './lease-store.contract.ts';
import { platformStateStoreContract } from './platform-state-store.contract.ts';
import { replicaContract } from './replicas.contract.ts';
import { reportStoreContract } from './report-store.contract.ts';
import { sourceStoreContract } from './source-store.contract.ts';
import { subscriptionStoreContract } from './subscription-store.contract.ts';

export type { StoreHarness, TestDatabase } from './harness.ts';

export function storeContract(harness: StoreHarness): void {
  describe(`Store contract: ${harness.name}`, () => {
    reportStoreContract(harness);
    analysisStoreContract(harness);
    catalogStoreContract(harness);
    conversationStoreContract(harness);
    platformStateStoreContract(harness);
    subscriptionStoreContract(harness);
    leaseStoreContract(harness);
    sourceStoreContract(harness);
    replicaContract(harness);
  });
}
