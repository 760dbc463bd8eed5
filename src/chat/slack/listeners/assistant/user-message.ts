/**
 * @module A message in the assistant panel (or any DM thread): status while working, the thread
 * titled after its first question, the answer in the thread at the DM clearance.
 */
import type { AssistantUserMessageMiddleware } from '@slack/bolt';
import { truncate } from '../../../render/escape.ts';
import { answerInSlack } from '../../answer-in-slack.ts';
import { isFromPerson, MessageEventSchema, questionText } from '../../incoming.ts';
import { postParts } from '../../post-parts.ts';
import type { SlackDeps } from '../../slack-deps.ts';
import { describeFailure } from '../../slack-failures.ts';
import { slackThreadId } from '../../thread-ids.ts';

export function userMessage(deps: SlackDeps): AssistantUserMessageMiddleware {
  return async ({ message, client, context, setStatus, setTitle }) => {
    const parsed = MessageEventSchema.safeParse(message);
    if (!parsed.success || !parsed.data.thread_ts || !isFromPerson(parsed.data, context)) return;
    const { channel, user, thread_ts: threadTs } = parsed.data;
    const text = questionText(parsed.data.text, context.botUserId);
    // Status and title are niceties: their failure must not cost the answer.
    const nicety = (what: string) => (error: unknown) =>
      deps.logger.warn(`slack: could not ${what}`, { code: describeFailure(error).code });
    const firstQuestion = !(await deps.store.getThread(slackThreadId(channel, threadTs)));
    if (firstQuestion && text) await setTitle(truncate(text, 60)).catch(nicety('set the title'));
    await setStatus('is reading the reports…').catch(nicety('set the status'));
    await answerInSlack(
      deps,
      {
        client,
        channel,
        user: user!,
        threadTs,
        direct: true,
        helpPrefix: '',
        // The panel is private to the asker: help and notices are ordinary replies (which also clear the status).
        privately: async (messages) => {
          await postParts(
            { client, logger: deps.logger, retry: deps.postRetry },
            { channel, threadTs, messages },
          );
        },
      },
      text,
    );
  };
}
