/** @module LeaseStore contract: one claimant per briefing period, stale claims taken over, alerts queued once and handed out once. */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/model/subscription.ts';
import { newReport } from '../support/reports.ts';
import { type StoreHarness, useStore } from './harness.ts';
import { DESTINATION } from './subscription-store.contract.ts';

export const RUN = {
  subscriptionId: 's1',
  periodStart: '2026-11-20T07:00:00.000Z',
  periodEnd: '2026-11-21T07:00:00.000Z',
  claimedAt: '2026-11-21T07:00:01.000Z',
  staleBefore: '2026-11-21T06:50:01.000Z',
};

export function alertFor(reportId: string, id: string, actor = 'Volt Typhoon'): Alert {
  return {
    id,
    destination: DESTINATION,
    reportId,
    actor,
    status: 'pending',
    createdAt: '2026-11-21T00:00:00.000Z',
    attempts: 0,
    lastError: null,
  };
}

export function leaseStoreContract(harness: StoreHarness): void {
  describe('LeaseStore', () => {
    const fx = useStore(harness);

    it('lets one claimant have a briefing period, and a stale unfinished claim be taken over', async () => {
      const store = fx.store;
      const claims = await Promise.all([
        store.claimDigestRun({ ...RUN, claimedBy: 'a' }),
        store.claimDigestRun({ ...RUN, claimedBy: 'b' }),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.lastCompletedRun('s1')).toBeUndefined();
      // Twenty minutes later the claim was never finished: its scheduler died.
      expect(
        await store.claimDigestRun({
          ...RUN,
          claimedBy: 'c',
          claimedAt: '2026-11-21T07:20:00.000Z',
          staleBefore: '2026-11-21T07:10:00.000Z',
        }),
      ).toBe(true);
      await store.finishDigestRun({
        subscriptionId: 's1',
        periodEnd: RUN.periodEnd,
        status: 'posted',
        attempts: 1,
        lastError: null,
        threadId: 'slack:C1:1.0',
        messageIds: ['1.0', '1.1'],
        postedAt: '2026-11-21T07:20:02.000Z',
      });
      expect(
        await store.claimDigestRun({
          ...RUN,
          claimedBy: 'd',
          claimedAt: '2026-11-21T09:00:00.000Z',
          staleBefore: '2026-11-21T08:50:00.000Z',
        }),
      ).toBe(false);
      expect(await store.lastCompletedRun('s1')).toMatchObject({
        status: 'posted',
        claimedBy: 'c',
        messageIds: ['1.0', '1.1'],
        threadId: 'slack:C1:1.0',
      });
      expect(await store.digestRuns('s1')).toHaveLength(1);
    });

    it('reports the latest completed period, not a failed or a claimed one', async () => {
      const store = fx.store;
      const period = (day: string) => ({
        ...RUN,
        periodStart: `2026-11-${day}T07:00:00.000Z`,
        periodEnd: `2026-11-${day}T07:00:00.000Z`,
        claimedBy: 'a',
      });
      for (const day of ['20', '21', '22']) await store.claimDigestRun(period(day));
      const finish = (day: string, status: 'posted' | 'empty' | 'failed') =>
        store.finishDigestRun({
          subscriptionId: 's1',
          periodEnd: `2026-11-${day}T07:00:00.000Z`,
          status,
          attempts: 1,
          lastError: status === 'failed' ? 'chat API down' : null,
          threadId: null,
          messageIds: [],
          postedAt: null,
        });
      await finish('20', 'posted');
      await finish('21', 'empty');
      await finish('22', 'failed');
      expect(await store.lastCompletedRun('s1')).toMatchObject({
        periodEnd: '2026-11-21T07:00:00.000Z',
        status: 'empty',
      });
      expect((await store.digestRuns('s1')).map((r) => [r.status, r.lastError])).toEqual([
        ['posted', null],
        ['empty', null],
        ['failed', 'chat API down'],
      ]);
    });

    it('queues alerts once per destination, report and actor, and hands each to one claimant', async () => {
      const store = fx.store;
      const item = newReport('Volt Typhoon again.');
      await store.addReport(item);
      const alert = alertFor(item.report.id, 'al1');
      expect(await store.queueAlerts([alert, { ...alert, id: 'al2' }])).toBe(1);
      const [first, second] = await Promise.all([
        store.claimAlerts('2026-11-21T00:01:00.000Z', '2026-11-20T23:51:00.000Z', 10),
        store.claimAlerts('2026-11-21T00:01:00.000Z', '2026-11-20T23:51:00.000Z', 10),
      ]);
      expect(first!.length + second!.length).toBe(1);
      expect([...first!, ...second!][0]).toMatchObject({ id: 'al1', status: 'claimed' });
      await store.finishAlert('al1', 'posted', 1, null);
      expect(
        await store.claimAlerts('2026-11-21T01:00:00.000Z', '2026-11-21T00:59:00.000Z', 10),
      ).toEqual([]);
    });

    it('gives an alert claimed by a dead poster to the next one once the claim is stale', async () => {
      const store = fx.store;
      const item = newReport('Volt Typhoon once more.');
      await store.addReport(item);
      await store.queueAlerts([alertFor(item.report.id, 'al1')]);
      expect(
        await store.claimAlerts('2026-11-21T00:01:00.000Z', '2026-11-20T23:51:00.000Z', 10),
      ).toHaveLength(1);
      // Five minutes on, the claim is still fresh: nobody else may take it.
      expect(
        await store.claimAlerts('2026-11-21T00:06:00.000Z', '2026-11-20T23:56:00.000Z', 10),
      ).toEqual([]);
      // Eleven minutes on, it is stale.
      expect(
        (await store.claimAlerts('2026-11-21T00:12:00.000Z', '2026-11-21T00:02:00.000Z', 10)).map(
          (a) => a.id,
        ),
      ).toEqual(['al1']);
    });
  });
}
