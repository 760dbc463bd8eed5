/**
 * @module A message to the bot (personal chat, group chat, or a channel post or thread reply that
 * mentions it): strip the mention, route the text in the thread's context, reply with cards.
 */
import { TurnContext } from 'botbuilder';
import { renderTeams } from '../render/adaptive-card.ts';
import {
  destinationKey,
  isPersonalChat,
  readActivity,
  teamsThreadId,
  teamsUserId,
  threadConversationId,
} from './activity.ts';
import { sendMessages } from './send-messages.ts';
import type { TeamsDeps } from './turn-deps.ts';

/** The command text: the bot's mention removed, and any leftover leading mention tag with it. */
export function commandText(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/^\s*<at>[^<]*<\/at>/i, '')
    .trim();
}

export async function handleMessage(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const activity = readActivity(context.activity);
  await deps.refs.saveIfNew(activity, TurnContext.getConversationReference(context.activity));
  const threadId = teamsThreadId(threadConversationId(activity));
  const destination = await deps.router.resolveDestination(
    { platform: 'teams', channel: destinationKey(activity) },
    { direct: isPersonalChat(activity) },
  );
  // Teams has no ephemeral bot messages: help and refusals are replied in the conversation too.
  const result = await deps.router.route({
    text: commandText(context),
    destination,
    threadId,
    user: teamsUserId(activity),
  });
  const messages = renderTeams(result.answer, { feedback: result.answerId !== undefined });
  const ids = await sendMessages(context, messages, deps.retry);
  if (result.answerId)
    await deps.answers.link(activity.conversation.id, ids.at(-1), result.answerId);
  // The router remembers answers in the thread itself; a briefing's items are ours to keep.
  if (result.digestItems)
    await deps.router.remember(threadId, {
      answer: result.answer,
      digestItems: result.digestItems,
    });
}
