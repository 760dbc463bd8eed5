/**
 * @module A destination's choice about the "N reports above this destination's clearance were
 * left out" line: the default counts (the product promises to say when material was withheld);
 * 'silent' says nothing, so a keyword search cannot learn that restricted reports mention it.
 */
import type { Answer } from '../model/answer.ts';
import type { DestinationRef } from '../model/subscription.ts';
import type { SubscriptionStore } from '../ports/subscription-store.ts';

export async function withheldNoticeOf(
  store: Pick<SubscriptionStore, 'briefingProfileFor'>,
  destination: DestinationRef,
): Promise<'count' | 'silent'> {
  return (await store.briefingProfileFor(destination))?.withheldNotice ?? 'count';
}

/** The answer as the destination's setting wants it told. */
export function withWithheldNotice(answer: Answer, notice: 'count' | 'silent'): Answer {
  return notice === 'silent' && answer.withheld ? { ...answer, withheld: 0 } : answer;
}
