/**
 * @module Proactive posts to Teams (briefings, alerts): a stored conversation reference, continued
 * with `continueConversationAsync`. In a channel, a post without a thread starts a new one with
 * `TeamsInfo.sendMessageToTeamsChannel`; further parts of a long answer and posts with a thread id
 * go into that thread. The new thread is remembered so follow-ups asked in it have their context.
 */
import { type Activity, type CloudAdapter, TeamsInfo, type TurnContext } from 'botbuilder';
import { asThreatBriefError, ThreatBriefError } from '../../core/errors.ts';
import type {
  ChatDestination,
  OutgoingMessage,
  PostedMessage,
} from '../../core/ports/chat-destination.ts';
import { renderTeams, type TeamsMessage } from '../render/adaptive-card.ts';
import { baseConversationId, rootMessageId, teamsThreadId } from './activity.ts';
import type { StoredReference } from './conversation-refs.ts';
import { withRetry } from './retry.ts';
import { sendMessages } from './send-messages.ts';
import type { TeamsDeps } from './turn-deps.ts';

export interface TeamsDestinationDeps extends TeamsDeps {
  adapter: CloudAdapter;
  appId: string;
}

const asActivity = (message: TeamsMessage) => message as unknown as Activity;

export class TeamsDestination implements ChatDestination {
  readonly platform = 'teams';
  readonly #deps: TeamsDestinationDeps;

  constructor(deps: TeamsDestinationDeps) {
    this.#deps = deps;
  }

  /** `channel` is the team channel id ("19:...@thread.tacv2") or the chat's conversation id. */
  async post(channel: string, message: OutgoingMessage): Promise<PostedMessage> {
    const reference = await this.#deps.refs.load(channel);
    if (!reference) {
      throw new ThreatBriefError(
        'platform',
        `no Teams conversation reference for ${channel}: install the app there (or message the bot there once) before posting to it`,
      );
    }
    const messages = renderTeams(message.answer, { feedback: message.answerId !== undefined });
    try {
      const posted = message.threadId
        ? await this.#intoThread(reference, channel, message.threadId, messages)
        : reference.conversation.conversationType === 'channel'
          ? await this.#newChannelThread(reference, channel, messages)
          : await this.#intoConversation(reference, reference.conversation.id, messages);
      const conversationId = posted.threadId.slice('teams:'.length);
      if (message.answerId)
        await this.#deps.answers.link(conversationId, posted.messageIds.at(-1), message.answerId);
      if (!message.threadId)
        await this.#deps.router.remember(posted.threadId, { answer: message.answer });
      return posted;
    } catch (error) {
      throw asThreatBriefError(error, 'platform');
    }
  }

  /** The first part opens the thread; the rest are replies in it. */
  async #newChannelThread(
    reference: StoredReference,
    channel: string,
    messages: TeamsMessage[],
  ): Promise<PostedMessage> {
    const [first, ...rest] = messages;
    let created: { conversationId: string; activityId: string } | undefined;
    await this.#continue(reference, async (context) => {
      const [thread, activityId] = await withRetry(this.#deps.retry, () =>
        TeamsInfo.sendMessageToTeamsChannel(context, asActivity(first!), channel, this.#deps.appId),
      );
      // With CloudAdapter botbuilder hands back the conversation id as "activity id"; Teams puts the
      // real root message id in the new conversation id ("...;messageid=<root>").
      const conversationId = thread.conversation?.id ?? '';
      const root = rootMessageId(conversationId) ?? activityId;
      created = {
        conversationId: rootMessageId(conversationId)
          ? conversationId
          : `${channel};messageid=${root}`,
        activityId: root,
      };
    });
    if (!created)
      throw new ThreatBriefError('platform', `Teams did not create a thread in ${channel}`);
    const replies = rest.length
      ? await this.#send(reference, created.conversationId, rest, created.activityId)
      : [];
    return {
      threadId: teamsThreadId(created.conversationId),
      messageIds: [created.activityId, ...replies],
    };
  }

  async #intoThread(
    reference: StoredReference,
    channel: string,
    threadId: string,
    messages: TeamsMessage[],
  ): Promise<PostedMessage> {
    const conversationId = threadId.startsWith('teams:') ? threadId.slice('teams:'.length) : '';
    if (baseConversationId(conversationId) !== baseConversationId(reference.conversation.id)) {
      throw new ThreatBriefError(
        'platform',
        `thread ${threadId} is not a Teams thread of ${channel}`,
      );
    }
    const ids = await this.#send(
      reference,
      conversationId,
      messages,
      rootMessageId(conversationId),
    );
    return { threadId, messageIds: ids };
  }

  /** A personal or group chat: no threads, the chat itself is the conversation to follow up in. */
  async #intoConversation(
    reference: StoredReference,
    conversationId: string,
    messages: TeamsMessage[],
  ): Promise<PostedMessage> {
    const ids = await this.#send(reference, conversationId, messages, undefined);
    return { threadId: teamsThreadId(conversationId), messageIds: ids };
  }

  /**
   * Sends into a conversation. The continuation activity botbuilder makes has a random id that it
   * would send as `replyToId`; Teams wants the thread's root there, or nothing for a chat.
   */
  async #send(
    reference: StoredReference,
    conversationId: string,
    messages: TeamsMessage[],
    replyToId: string | undefined,
  ): Promise<string[]> {
    let ids: string[] = [];
    const target = {
      ...reference,
      conversation: { ...reference.conversation, id: conversationId },
    };
    await this.#continue(target, async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) {
          if (replyToId) activity.replyToId = replyToId;
          else delete activity.replyToId;
        }
        return next();
      });
      ids = await sendMessages(context, messages, this.#deps.retry);
    });
    return ids;
  }

  /**
   * The adapter hands an error thrown in the callback to its onTurnError (which only logs), so the
   * post would look successful; it is carried out of the callback and thrown here instead.
   */
  async #continue(reference: StoredReference, logic: (context: TurnContext) => Promise<void>) {
    let failure: { error: unknown } | undefined;
    await this.#deps.adapter.continueConversationAsync(
      this.#deps.appId,
      reference,
      async (context) => {
        try {
          await logic(context);
        } catch (error) {
          failure = { error };
        }
      },
    );
    if (failure) throw failure.error;
  }
}
