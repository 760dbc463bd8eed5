/** @module SubscriptionStore port (role: subscriptions, watches, clearances, briefing profiles): where briefings and alerts go, what each destination may see and what it cares about. */
import type { BriefingProfile } from '../model/briefing-profile.ts';
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

  /** A destination's focus and item limit, if anyone set them (with or without a subscription). */
  briefingProfileFor(destination: DestinationRef): Promise<BriefingProfile | undefined>;
  /** One profile per destination: saving again replaces it. */
  saveBriefingProfile(profile: BriefingProfile): Promise<void>;
}
