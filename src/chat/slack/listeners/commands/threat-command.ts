/** @module `/threat ...`: acked at once, then answered in the channel (or only to the asker). */
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../../../render/slack-blocks.ts';
import { answerInSlack } from '../../answer-in-slack.ts';
import { SlashCommandSchema } from '../../incoming.ts';
import type { SlackDeps } from '../../slack-deps.ts';
import { postEphemeral, type SlackClient } from '../../slack-poster.ts';

export function threatCommand(deps: SlackDeps) {
  return async ({
    ack,
    command,
    client,
    respond,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    // Before anything touches the store or the engine: Slack gives up after 3 seconds.
    await ack();
    const parsed = SlashCommandSchema.safeParse(command);
    if (!parsed.success) {
      deps.logger.warn('slack: malformed slash command', { issues: parsed.error.issues.length });
      return;
    }
    const { text, user_id: user, channel_id: channel } = parsed.data;
    await answerInSlack(
      deps,
      {
        client,
        channel,
        user,
        direct: channel.startsWith('D'),
        helpPrefix: '/threat ',
        privately: (messages) => privately(client, respond, { channel, user, messages }),
      },
      text,
    );
  };
}

/**
 * chat.postEphemeral first; where the bot may not post at all (a private channel it is not in, a
 * DM between two people), the command's response_url still reaches the asker.
 */
async function privately(
  client: SlackClient,
  respond: RespondFn,
  target: { channel: string; user: string; messages: SlackMessage[] },
): Promise<void> {
  try {
    await postEphemeral(client, target);
  } catch (error) {
    const slackError = (error as { data?: { error?: unknown } }).data?.error;
    if (slackError !== 'channel_not_found' && slackError !== 'not_in_channel') throw error;
    for (const message of target.messages)
      await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
  }
}
