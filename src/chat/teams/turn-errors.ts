/**
 * @module The one place Teams turns a failed turn into what the user reads: a short notice for a
 * message, a 500 for an invoke; the error itself goes to the log.
 */
import type { TurnContext } from 'botbuilder';
import { isThreatBriefError } from '../../core/errors.ts';
import type { Logger } from '../../core/ports/logger.ts';
import { notice } from '../notices.ts';
import { renderTeams } from '../render/adaptive-card.ts';

/** Codes whose message is written for people; anything else stays in the log. */
const SAID_AS_IS = new Set(['forbidden', 'invalid_input', 'not_found', 'too_large']);

export function userText(error: unknown): string {
  if (isThreatBriefError(error) && SAID_AS_IS.has(error.code)) return error.message;
  return 'Something went wrong while answering. It was logged; please try again in a moment.';
}

export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    logger.error('teams: turn failed', { error, activityType: context.activity.type });
    try {
      if (context.activity.type === 'invoke') {
        await context.sendActivity({ type: 'invokeResponse', value: { status: 500, body: {} } });
      } else if (context.activity.type === 'message') {
        const [message] = renderTeams(
          notice({ title: 'Sorry', summary: userText(error), clearance: 'CLEAR' }),
          { feedback: false },
        );
        await context.sendActivity(
          message as unknown as Parameters<TurnContext['sendActivity']>[0],
        );
      }
    } catch (sendError) {
      logger.warn('teams: could not tell the user about the failure', { error: sendError });
    }
  };
}
