/**
 * @module A message to the bot (personal chat, group chat, or a channel post or thread reply that
 * mentions it): strip the mention, and queue the answer, so the turn (and the HTTP response Teams
 * waits for) ends at once. The answer is routed in the thread's context and replied with cards.
 */
import { type ConversationReference, TurnContext } from 'botbuilder';
import { notice } from '../notices.ts';
import { renderTeams } from '../render/adaptive-card.ts';
import type { Destination } from '../router.ts';
import {
  destinationKey,
  isPersonalChat,
  readActivity,
  teamsThreadId,
  teamsUserId,
  threadConversationId,
} from './activity.ts';
import type { TeamsDeps } from './turn-deps.ts';
import { userText } from './turn-errors.ts';

/** Said in the conversation (Teams has no private bot messages); no report text in them. */
export const BUSY_TEXT =
  'I am answering many questions right now. Yours is queued, and I will answer it here shortly.';
export const GAVE_UP_TEXT =
  'Too many questions at once: I could not get to yours. Please ask again in a minute.';

/** The command text: the bot's mention removed, and any leftover leading mention tag with it. */
export function commandText(context: TurnContext): string {
  const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/^\s*<at>[^<]*<\/at>/i, '')
    .trim();
}

interface Question {
  reference: Partial<ConversationReference>;
  conversationId: string;
  threadId: string;
  destination: Destination;
  text: string;
  user: string | undefined;
}

export async function handleMessage(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const activity = readActivity(context.activity);
  const reference = TurnContext.getConversationReference(context.activity);
  await deps.refs.saveIfNew(activity, reference);
  const question: Question = {
    reference,
    conversationId: activity.conversation.id,
    threadId: teamsThreadId(threadConversationId(activity)),
    destination: await deps.router.resolveDestination(
      { platform: 'teams', channel: destinationKey(activity) },
      { direct: isPersonalChat(activity) },
    ),
    text: commandText(context),
    user: teamsUserId(activity),
  };
  const say = (title: string, summary: string) =>
    deps.replies
      .send(
        reference,
        renderTeams(notice({ title, summary, clearance: 'CLEAR' }), { feedback: false }),
      )
      .then(() => undefined);
  deps.queue.submit({
    destination: `teams:${destinationKey(activity)}`,
    asker: question.user,
    run: () => answer(question, deps),
    busy: () => say('Busy', BUSY_TEXT),
    gaveUp: () => say('Busy', GAVE_UP_TEXT),
  });
}

/** Routes, replies, and records what feedback and follow-ups need; a failure is told, once. */
async function answer(question: Question, deps: TeamsDeps): Promise<void> {
  try {
    // Teams has no ephemeral bot messages: help and refusals are replied in the conversation too.
    const result = await deps.router.route({
      text: question.text,
      destination: question.destination,
      threadId: question.threadId,
      user: question.user,
    });
    const messages = renderTeams(result.answer, { feedback: result.answerId !== undefined });
    const ids = await deps.replies.send(question.reference, messages);
    if (result.answerId)
      await deps.answers.link(question.conversationId, ids.at(-1), result.answerId);
    // The router remembers answers in the thread itself; a briefing's items are ours to keep.
    if (result.digestItems)
      await deps.router.remember(question.threadId, {
        answer: result.answer,
        digestItems: result.digestItems,
      });
  } catch (error) {
    deps.logger.error('teams: could not answer', { error });
    try {
      await deps.replies.send(
        question.reference,
        renderTeams(notice({ title: 'Sorry', summary: userText(error), clearance: 'CLEAR' }), {
          feedback: false,
        }),
      );
    } catch (second) {
      deps.logger.warn('teams: could not tell the user about the failure', { error: second });
    }
  }
}
