/** @module `@ThreatBrief ...` in a channel: answered in the thread of the mention. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { answerInSlack } from '../../answer-in-slack.ts';
import { isFromPerson, MessageEventSchema, questionText } from '../../incoming.ts';
import type { SlackDeps } from '../../slack-deps.ts';

export function appMention(deps: SlackDeps) {
  return async ({
    event,
    client,
    context,
  }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const parsed = MessageEventSchema.safeParse(event);
    if (!parsed.success || !isFromPerson(parsed.data, context)) return;
    const mention = parsed.data;
    await answerInSlack(
      deps,
      {
        client,
        channel: mention.channel,
        user: mention.user!,
        threadTs: mention.thread_ts ?? mention.ts,
        direct: false,
        helpPrefix: '/threat ',
      },
      questionText(mention.text, context.botUserId),
    );
  };
}
