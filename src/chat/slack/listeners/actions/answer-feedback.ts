/** @module 👍/👎 under an answer: stored with the answer it rates, by the clicking user. */
import type { AllMiddlewareArgs, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ActionBodySchema, FeedbackActionSchema } from '../../incoming.ts';
import type { SlackDeps } from '../../slack-deps.ts';
import { describeFailure } from '../../slack-failures.ts';
import { slackUser } from '../../thread-ids.ts';

export function answerFeedback(deps: SlackDeps) {
  return async ({
    ack,
    action,
    body,
  }: SlackActionMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const rated = FeedbackActionSchema.safeParse(action);
    const clicked = ActionBodySchema.safeParse(body);
    if (!rated.success || !clicked.success) {
      deps.logger.warn('slack: malformed feedback action');
      return;
    }
    const value = rated.data.value;
    const at = value.lastIndexOf(':');
    try {
      await deps.router.feedback({
        answerId: value.slice(0, at),
        user: slackUser(clicked.data.user.id),
        rating: value.slice(at + 1) as 'up' | 'down',
      });
    } catch (error) {
      // The buttons already show the click; a lost rating is logged, not shouted at the reader.
      deps.logger.error('slack: could not store feedback', {
        code: describeFailure(error).code,
        error,
      });
    }
  };
}
