/** @module SubscriptionStore contract: one subscription per destination, watches alias-insensitive, clearances set by admins, one briefing profile per destination. */
import { describe, expect, it } from 'vitest';
import type { BriefingProfile } from '../../src/core/model/briefing-profile.ts';
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

    it('keeps one briefing profile per destination, independent of its subscription', async () => {
      const profile: BriefingProfile = {
        destination: DESTINATION,
        focus: {
          sectors: ['energy'],
          regions: ['Europe'],
          technologies: ['Microsoft Exchange'],
          actors: ['Volt Typhoon'],
          cves: ['CVE-2021-26855'],
        },
        itemLimit: 8,
        withheldNotice: 'silent',
        updatedBy: 'slack:U1',
        updatedAt: '2026-11-21T00:00:00.000Z',
      };
      expect(await store().briefingProfileFor(DESTINATION)).toBeUndefined();
      await store().saveBriefingProfile(profile);
      const other = { platform: 'teams', channel: '19:x' };
      await store().saveBriefingProfile({ ...profile, destination: other, itemLimit: null });
      const changed = { ...profile, itemLimit: 3, focus: { ...profile.focus, sectors: [] } };
      await store().saveBriefingProfile(changed);
      expect(await store().briefingProfileFor(DESTINATION)).toEqual(changed);
      expect((await store().briefingProfileFor(other))?.itemLimit).toBeNull();
      await store().saveSubscription(SUBSCRIPTION);
      expect(await store().removeSubscription(DESTINATION)).toBe(true);
      expect(await store().briefingProfileFor(DESTINATION)).toEqual(changed);
    });
  });
}
