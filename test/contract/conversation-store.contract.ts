/** @module ConversationStore contract: thread memory replaced on save, answers kept, one rating per user. */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/model/answer.ts';
import type { ConversationStore } from '../../src/core/ports/conversation-store.ts';
import { type StoreHarness, useStore } from './harness.ts';

export const SAMPLE_ANSWER: Answer = {
  kind: 'answer',
  query: 'q',
  title: 't',
  summary: 's',
  sections: [],
  attribution: [],
  citations: [],
  withheld: 0,
  clearance: 'CLEAR',
  suggestions: [],
  subjects: ['APT29'],
  engine: 'extractive',
  notice: null,
};

export function conversationStoreContract(harness: StoreHarness): void {
  describe('ConversationStore', () => {
    const fx = useStore(harness);
    const store = (): ConversationStore => fx.store;

    it('keeps thread memory and replaces it on save', async () => {
      expect(await store().getThread('slack:C1:1.0')).toBeUndefined();
      const context = {
        threadId: 'slack:C1:1.0',
        subjects: ['APT29'],
        citations: [],
        digestItems: [],
        updatedAt: '2026-11-21T08:00:00.000Z',
      };
      await store().saveThread(context);
      await store().saveThread({
        ...context,
        subjects: ['Sandworm Team'],
        updatedAt: '2026-11-21T08:05:00.000Z',
      });
      expect(await store().getThread('slack:C1:1.0')).toEqual({
        ...context,
        subjects: ['Sandworm Team'],
        updatedAt: '2026-11-21T08:05:00.000Z',
      });
    });

    it('stores answers and one rating per user, and refuses a rating for an unknown answer', async () => {
      const record = {
        id: 'a1',
        threadId: null,
        destination: 'cli:local',
        answer: SAMPLE_ANSWER,
        createdAt: '2026-11-21T08:00:00.000Z',
      };
      await store().saveAnswer(record);
      expect(await store().getAnswer('a1')).toEqual(record);
      expect(await store().getAnswer('a2')).toBeUndefined();
      const rate = (user: string, rating: 'up' | 'down', comment: string | null, minute: string) =>
        store().saveFeedback({
          answerId: 'a1',
          user,
          rating,
          comment,
          createdAt: `2026-11-21T08:0${minute}:00.000Z`,
        });
      await rate('U1', 'down', null, '1');
      await rate('U1', 'up', 'better', '2');
      await rate('U2', 'down', null, '3');
      expect((await store().feedbackFor('a1')).map((f) => [f.user, f.rating, f.comment])).toEqual([
        ['U1', 'up', 'better'],
        ['U2', 'down', null],
      ]);
      await expect(
        store().saveFeedback({
          answerId: 'nope',
          user: 'U1',
          rating: 'up',
          comment: null,
          createdAt: '2026-11-21T08:04:00.000Z',
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
