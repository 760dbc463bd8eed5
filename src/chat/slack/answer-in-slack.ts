/**
 * @module The one conversation step every Slack entry point shares: resolve the destination's
 * clearance, route the text with the thread's memory, render, post (in the channel or only to
 * the asker), and remember the thread a new post started. Failures become one friendly message.
 */
import { renderSlack, type SlackMessage } from '../render/slack-blocks.ts';
import { postParts } from './post-parts.ts';
import type { SlackDeps } from './slack-deps.ts';
import { describeFailure } from './slack-failures.ts';
import { plainMessage, postEphemeral, type SlackClient } from './slack-poster.ts';
import { slackThreadId, slackUser } from './thread-ids.ts';

export interface SlackConversation {
  client: SlackClient;
  channel: string;
  /** The asker's bare Slack user id ("U123"). */
  user: string;
  /** The thread to answer in; without it the answer is a new top-level post that starts one. */
  threadTs?: string | undefined;
  /** A direct message (DM clearance) rather than a channel. */
  direct: boolean;
  /** How commands are written here, for help ("/threat ", or "" in a DM). */
  helpPrefix: string;
  /** Shows messages to the asker only; chat.postEphemeral unless the entry point knows better. */
  privately?: (messages: SlackMessage[]) => Promise<void>;
}

/** Said to the asker only; no report text in them. */
export const BUSY_TEXT =
  'I am answering many questions right now. Yours is queued, and I will answer it here shortly.';
export const GAVE_UP_TEXT =
  'Too many questions at once: I could not get to yours. Please ask again in a minute.';

/**
 * Hands the answer to the queue and returns at once, so the listener (and Bolt's ack) never waits
 * for the engine; the queue says "busy" when it has to, and runs the answer when there is room.
 */
export async function answerInSlack(
  deps: SlackDeps,
  conversation: SlackConversation,
  text: string,
): Promise<void> {
  const tell = (line: string) => showPrivately(conversation, [plainMessage(line)]);
  deps.answers.submit({
    destination: `slack:${conversation.channel}`,
    asker: conversation.user,
    run: () => answerNow(deps, conversation, text),
    busy: () => tell(BUSY_TEXT),
    gaveUp: () => tell(GAVE_UP_TEXT),
  });
}

async function answerNow(
  deps: SlackDeps,
  conversation: SlackConversation,
  text: string,
): Promise<void> {
  const { router } = deps;
  const { client, channel, threadTs } = conversation;
  try {
    const destination = await router.resolveDestination(
      { platform: 'slack', channel },
      { direct: conversation.direct },
    );
    const result = await router.route(
      {
        text,
        destination,
        threadId: threadTs ? slackThreadId(channel, threadTs) : undefined,
        user: slackUser(conversation.user),
      },
      { helpPrefix: conversation.helpPrefix },
    );
    const messages = renderSlack(result.answer, { answerId: result.answerId });
    if (result.visibility === 'ephemeral') {
      await showPrivately(conversation, messages);
      return;
    }
    const posted = await postParts(
      { client, logger: deps.logger, retry: deps.postRetry },
      { channel, threadTs, messages },
    );
    // A reply in a thread was remembered by the router; a new post starts a thread to remember.
    if (!threadTs || result.digestItems) {
      await router.remember(slackThreadId(channel, threadTs ?? posted[0]!), {
        answer: result.answer,
        digestItems: result.digestItems,
      });
    }
  } catch (error) {
    await reportFailure(deps, conversation, error);
  }
}

function showPrivately(conversation: SlackConversation, messages: SlackMessage[]): Promise<void> {
  if (conversation.privately) return conversation.privately(messages);
  const { client, channel, user, threadTs } = conversation;
  return postEphemeral(client, { channel, user, threadTs, messages });
}

/** Logs the failure with its code and tells the asker once, privately; a failure to tell is only logged. */
export async function reportFailure(
  deps: SlackDeps,
  conversation: SlackConversation,
  error: unknown,
): Promise<void> {
  const failure = describeFailure(error);
  deps.logger.error('slack: could not answer', {
    code: failure.code,
    channel: conversation.channel,
    error,
  });
  try {
    await showPrivately(conversation, [plainMessage(failure.text)]);
  } catch (second) {
    deps.logger.warn('slack: could not tell the user about a failure', {
      code: describeFailure(second).code,
      channel: conversation.channel,
    });
  }
}
