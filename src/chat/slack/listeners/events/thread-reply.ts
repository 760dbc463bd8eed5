/**
 * @module A reply in a channel thread the bot started (an answer or a briefing): answered in that
 * thread with its memory. Threads the bot did not start are none of its business.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInSlack } from '../../answer-in-slack.ts';
import { isFromPerson, MessageEventSchema, mentions, questionText } from '../../incoming.ts';
import type { SlackDeps } from '../../slack-deps.ts';
import { slackThreadId } from '../../thread-ids.ts';

const CHANNEL_TYPES = new Set(['channel', 'group']);

export function threadReply(deps: SlackDeps) {
  return async ({
    message,
    client,
    context,
  }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const parsed = MessageEventSchema.safeParse(message);
    if (!parsed.success) return;
    const reply = parsed.data;
    if (!CHANNEL_TYPES.has(reply.channel_type ?? '')) return;
    if (!reply.thread_ts || reply.thread_ts === reply.ts) return;
    if (!isFromPerson(reply, context)) return;
    // A mention of the bot arrives as app_mention too; that listener answers it.
    if (mentions(reply.text, context.botUserId)) return;
    if (!(await deps.store.getThread(slackThreadId(reply.channel, reply.thread_ts)))) return;
    await answerInSlack(
      deps,
      {
        client,
        channel: reply.channel,
        user: reply.user!,
        threadTs: reply.thread_ts,
        direct: false,
        helpPrefix: '/threat ',
      },
      questionText(reply.text, context.botUserId),
    );
  };
}
