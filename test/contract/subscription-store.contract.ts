/** @module SubscriptionStore contract: one subscription per destination, watches alias-insensitive, clearances set by admins. */
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/core/model/subscription.ts';
import type { SubscriptionStore } from '../../src/core/ports/subscription-store.ts';
import { type StoreHarness, useStore } from './harness.ts';

export const DESTINATION = { platform: 'slack', channel: 'C1' };

export const SUBSCRIPTION: Subscription = {
  id: 's1',
  destination: DESTINATION,
  cron: '0 8 * * *',
  timezone: 'Europe/Berlin',
  clearance: 'CLEAR',
  filters: { actors: [], sectors: [], minReliability: null },
  postEmpty: true,
  createdBy: 'slack:U1',
  createdAt: '2026-11-21T00:00:00.000Z',
};

export function subscriptionStoreContract(harness: StoreHarness): void {
  describe('SubscriptionStore', () => {
    const fx = useStore(harness);
    const store = (): SubscriptionStore => fx.store;

    it('keeps one subscription per destination', async () => {
      await store().saveSubscription(SUBSCRIPTION);
      await store().saveSubscription({ ...SUBSCRIPTION, id: 's2', cron: '30 7 * * *' });
      expect(await store().listSubscriptions()).toEqual([
        { ...SUBSCRIPTION, id: 's2', cron: '30 7 * * *' },
      ]);
      expect(await store().subscriptionFor(DESTINATION)).toMatchObject({ id: 's2' });
      expect(await store().removeSubscription(DESTINATION)).toBe(true);
      expect(await store().removeSubscription(DESTINATION)).toBe(false);
      expect(await store().listSubscriptions()).toEqual([]);
    });

    it('keeps watches per destination, alias-insensitively, and destination clearances', async () => {
      const watch = {
        destination: DESTINATION,
        actor: 'Volt Typhoon',
        createdBy: 'slack:U1',
        createdAt: '2026-11-21T00:00:00.000Z',
      };
      expect(await store().addWatch(watch)).toBe(true);
      expect(await store().addWatch({ ...watch, actor: 'VOLT-TYPHOON' })).toBe(false);
      await store().addWatch({ ...watch, destination: { platform: 'teams', channel: '19:x' } });
      expect(
        (await store().watchesOn(['volt typhoon', 'APT29'])).map((w) => w.destination.platform),
      ).toEqual(['slack', 'teams']);
      expect(await store().watchesOn([])).toEqual([]);
      expect(await store().watchesFor(DESTINATION)).toEqual([watch]);
      expect(await store().removeWatch(DESTINATION, 'Volt Typhoon')).toBe(true);
      expect(await store().watchesFor(DESTINATION)).toEqual([]);
      expect(await store().clearanceOf(DESTINATION)).toBeUndefined();
      await store().setClearance(DESTINATION, 'AMBER', 'slack:U1', '2026-11-21T00:00:00.000Z');
      await store().setClearance(DESTINATION, 'GREEN', 'slack:U2', '2026-11-21T01:00:00.000Z');
      expect(await store().clearanceOf(DESTINATION)).toBe('GREEN');
    });
  });
}
