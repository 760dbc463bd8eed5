/**
 * @module Teams' feedback loop: a thumbs up or down (and optional text) on an answer arrives as a
 * `message/submitAction` invoke naming the rated message; it is filed against that message's answer.
 * Teams wants `{status: 200, body: {}}` back, also when we cannot file it.
 */
import type { InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { readActivity, teamsUserId } from './activity.ts';
import type { TeamsDeps } from './turn-deps.ts';

const FeedbackValueSchema = z.object({
  actionName: z.string().nullish(),
  actionValue: z.object({
    reaction: z.enum(['like', 'dislike']),
    /** The default form sends a JSON string `{"feedbackText": "..."}`; custom forms may send objects. */
    feedback: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
});

const MAX_COMMENT = 2000;
const ACCEPTED: InvokeResponse = { status: 200, body: {} };

export function feedbackComment(feedback: string | Record<string, unknown> | null | undefined) {
  let value: unknown = feedback;
  if (typeof feedback === 'string') {
    try {
      value = JSON.parse(feedback);
    } catch {
      value = feedback;
    }
  }
  const text =
    typeof value === 'string'
      ? value
      : typeof (value as { feedbackText?: unknown } | null)?.feedbackText === 'string'
        ? (value as { feedbackText: string }).feedbackText
        : '';
  const trimmed = text.trim().slice(0, MAX_COMMENT);
  return trimmed || null;
}

export async function handleFeedback(
  context: TurnContext,
  deps: TeamsDeps,
): Promise<InvokeResponse> {
  const activity = readActivity(context.activity);
  const parsed = FeedbackValueSchema.safeParse(activity.value);
  const user = teamsUserId(activity);
  if (!parsed.success || !activity.replyToId || !user) {
    deps.logger.warn('teams: feedback invoke without a reaction, a rated message or a user');
    return ACCEPTED;
  }
  const answerId = await deps.answers.answerFor(activity.conversation.id, activity.replyToId);
  if (!answerId) {
    deps.logger.warn('teams: feedback on a message we have no answer for', {
      messageId: activity.replyToId,
    });
    return ACCEPTED;
  }
  const { reaction, feedback } = parsed.data.actionValue;
  await deps.router.feedback({
    answerId,
    user,
    rating: reaction === 'like' ? 'up' : 'down',
    comment: feedbackComment(feedback),
  });
  return ACCEPTED;
}
