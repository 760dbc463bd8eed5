/** @module The assistant panel opened: a greeting and the prompts to start from. */
import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.ts';
import { describeFailure } from '../../slack-failures.ts';

/** The same prompts manifest.yml offers in the assistant view (a test keeps them in step). */
export const SUGGESTED_PROMPTS = [
  { title: 'Profile a threat actor', message: 'actor Phantom Taurus' },
  { title: 'Who is behind an attack?', message: 'who is behind Volt Typhoon?' },
  { title: 'Search the reports', message: 'search NET-STAR' },
  { title: 'What can you do?', message: 'help' },
] as const;

export function threadStarted(deps: SlackDeps): AssistantThreadStartedMiddleware {
  return async ({ say, setSuggestedPrompts }) => {
    try {
      await say(
        'Ask me about a threat actor, an incident or a technique. Every answer cites the stored reports it comes from.',
      );
      await setSuggestedPrompts({ title: 'Try one of these', prompts: [...SUGGESTED_PROMPTS] });
    } catch (error) {
      deps.logger.warn('slack: could not greet an assistant thread', {
        code: describeFailure(error).code,
      });
    }
  };
}
