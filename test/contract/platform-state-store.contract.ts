/** @module PlatformStateStore contract: redeliveries recognised, conversation references replaced, message-to-answer links. */
import { describe, expect, it } from 'vitest';
import type { PlatformStateStore } from '../../src/core/ports/platform-state-store.ts';
import { type StoreHarness, useStore } from './harness.ts';

export function platformStateStoreContract(harness: StoreHarness): void {
  describe('PlatformStateStore', () => {
    const fx = useStore(harness);
    const store = (): PlatformStateStore => fx.store;

    it('recognises a redelivered platform event', async () => {
      expect(await store().claimEvent('slack', 'Ev1', '2026-11-21T00:00:00.000Z')).toBe(true);
      expect(await store().claimEvent('slack', 'Ev1', '2026-11-21T00:00:01.000Z')).toBe(false);
      expect(await store().claimEvent('teams', 'Ev1', '2026-11-21T00:00:01.000Z')).toBe(true);
    });

    it('keeps one conversation reference per platform channel, replaced on save', async () => {
      expect(await store().conversationRef('teams', '19:abc@thread.tacv2')).toBeUndefined();
      await store().saveConversationRef(
        'teams',
        '19:abc@thread.tacv2',
        { serviceUrl: 'http://a', conversation: { id: '19:abc' } },
        '2026-11-21T08:00:00.000Z',
      );
      await store().saveConversationRef(
        'teams',
        '19:abc@thread.tacv2',
        { serviceUrl: 'http://b', conversation: { id: '19:abc' }, nested: { n: 1, ok: true } },
        '2026-11-21T09:00:00.000Z',
      );
      expect(await store().conversationRef('teams', '19:abc@thread.tacv2')).toEqual({
        serviceUrl: 'http://b',
        conversation: { id: '19:abc' },
        nested: { n: 1, ok: true },
      });
    });

    it('remembers which answer a posted message carries', async () => {
      expect(await store().answerIdForMessage('teams', '19:a|1')).toBeUndefined();
      await store().linkMessage('teams', '19:a|1', 'answer-1', '2026-11-21T08:00:00.000Z');
      expect(await store().answerIdForMessage('teams', '19:a|1')).toBe('answer-1');
      expect(await store().answerIdForMessage('slack', '19:a|1')).toBeUndefined();
    });
  });
}
