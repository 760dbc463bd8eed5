/**
 * @module Sends rendered Teams messages through a turn context, one activity at a time and each with
 * its own retries, so a throttled second part does not repeat the first.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { TeamsMessage } from '../render/adaptive-card.ts';
import { type RetryPolicy, withRetry } from './retry.ts';

/** The ids Teams gave the messages, in order ('' where it gave none). */
export async function sendMessages(
  context: TurnContext,
  messages: readonly TeamsMessage[],
  retry: RetryPolicy,
): Promise<string[]> {
  const ids: string[] = [];
  for (const message of messages) {
    const sent = await withRetry(retry, () =>
      context.sendActivity(message as unknown as Partial<Activity>),
    );
    ids.push(sent?.id ?? '');
  }
  return ids;
}
