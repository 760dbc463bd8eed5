/** @module SubscriptionStore port (role: subscriptions, watches and clearances): where briefings and alerts go, and what each destination may see. */
import type { DestinationRef, Subscription, Watch } from '../model/subscription.ts';
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
}
