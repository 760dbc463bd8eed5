/** @module SubscriptionStore port: subscriptions, watchlists, destination clearances, run claims, alerts. */

import type {
  Alert,
  DestinationRef,
  DigestRun,
  Subscription,
  Watch,
} from '../model/subscription.ts';
import type { Tlp } from '../model/tlp.ts';

export interface SubscriptionStore {
  /** One subscription per destination: saving again replaces its schedule and settings. */
  saveSubscription(subscription: Subscription): Promise<void>;
  removeSubscription(destination: DestinationRef): Promise<boolean>;
  subscriptionFor(destination: DestinationRef): Promise<Subscription | undefined>;
  listSubscriptions(): Promise<Subscription[]>;

  addWatch(watch: Watch): Promise<boolean>;
  removeWatch(destination: DestinationRef, actor: string): Promise<boolean>;
  watchesFor(destination: DestinationRef): Promise<Watch[]>;
  /** Every watch on any of these actors, across destinations. */
  watchesOn(actors: string[]): Promise<Watch[]>;

  /** The clearance an admin set for a destination, if any. */
  clearanceOf(destination: DestinationRef): Promise<Tlp | undefined>;
  setClearance(destination: DestinationRef, clearance: Tlp, by: string, at: string): Promise<void>;

  /**
   * Claims a briefing period for one scheduler. True only for the first claimant (across
   * processes sharing the store), or when an earlier claim is older than `staleBefore` and
   * never finished (its scheduler died).
   */
  claimDigestRun(run: {
    subscriptionId: string;
    periodStart: string;
    periodEnd: string;
    claimedBy: string;
    claimedAt: string;
    staleBefore: string;
  }): Promise<boolean>;
  finishDigestRun(update: {
    subscriptionId: string;
    periodEnd: string;
    status: 'posted' | 'empty' | 'failed';
    attempts: number;
    lastError: string | null;
    threadId: string | null;
    messageIds: string[];
    postedAt: string | null;
  }): Promise<void>;
  digestRuns(subscriptionId: string): Promise<DigestRun[]>;
  /** The latest period that was posted (or found empty) for a subscription. */
  lastCompletedRun(subscriptionId: string): Promise<DigestRun | undefined>;

  /** Queues alerts, once per (destination, report, actor); returns how many were new. */
  queueAlerts(alerts: Alert[]): Promise<number>;
  /** Claims up to `limit` pending alerts (or claims left stale) for posting. */
  claimAlerts(claimedAt: string, staleBefore: string, limit: number): Promise<Alert[]>;
  finishAlert(
    id: string,
    status: 'posted' | 'failed',
    attempts: number,
    lastError: string | null,
  ): Promise<void>;

  /** Records a platform event id; false when it was seen before (a redelivery). */
  claimEvent(platform: string, eventId: string, at: string): Promise<boolean>;
}
