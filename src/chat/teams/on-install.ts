/**
 * @module The bot was installed (in a team, a group chat or a personal scope): keep the conversation
 * reference so briefings and alerts can be posted there later.
 */
import { TurnContext } from 'botbuilder';
import { readActivity } from './activity.ts';
import type { TeamsDeps } from './turn-deps.ts';

export async function handleInstall(context: TurnContext, deps: TeamsDeps): Promise<void> {
  const activity = readActivity(context.activity);
  await deps.refs.save(activity, TurnContext.getConversationReference(context.activity));
  deps.logger.info('teams: installed', {
    conversationType: activity.conversation.conversationType ?? null,
  });
}
