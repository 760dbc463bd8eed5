/**
 * @module Slack redelivers an event it thinks went unanswered (same event_id, x-slack-retry-num);
 * Bolt does not deduplicate, so the first claim in the store wins and the rest stop here.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.ts';
import { describeFailure } from '../slack-failures.ts';

export function ignoreRedeliveries(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    let fresh = true;
    try {
      fresh = await deps.store.claimEvent('slack', eventId, deps.clock.now().toISOString());
    } catch (error) {
      // Better to answer twice than not at all when the store cannot say.
      deps.logger.warn('slack: could not record an event id', {
        eventId,
        code: describeFailure(error).code,
      });
    }
    if (!fresh) {
      deps.logger.info('slack: redelivered event ignored', { eventId, retryNum: context.retryNum });
      return;
    }
    await next();
  };
}
