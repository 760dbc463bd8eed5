/**
 * @module A direct message to the bot: answered in a thread under it, at the DM clearance.
 * Messages inside DM threads are the assistant listener's (Bolt's Assistant takes them first).
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../../../render/slack-blocks.ts';
import { answerInSlack } from '../../answer-in-slack.ts';
import { isFromPerson, MessageEventSchema, questionText } from '../../incoming.ts';
import { postParts } from '../../post-parts.ts';
import type { SlackDeps } from '../../slack-deps.ts';

export function directMessage(deps: SlackDeps) {
  return async ({
    message,
    client,
    context,
  }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const parsed = MessageEventSchema.safeParse(message);
    if (!parsed.success) return;
    const dm = parsed.data;
    if (dm.channel_type !== 'im' || !isFromPerson(dm, context)) return;
    const threadTs = dm.thread_ts ?? dm.ts;
    await answerInSlack(
      deps,
      {
        client,
        channel: dm.channel,
        user: dm.user!,
        threadTs,
        direct: true,
        helpPrefix: '',
        // Only the asker reads a DM: help and notices are posted as ordinary replies.
        privately: async (messages: SlackMessage[]) => {
          await postParts(
            { client, logger: deps.logger, retry: deps.postRetry },
            { channel: dm.channel, threadTs, messages },
          );
        },
      },
      questionText(dm.text, context.botUserId),
    );
  };
}
