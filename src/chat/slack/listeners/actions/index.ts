/** @module Block action listeners. */
import { FEEDBACK_ACTION } from '../../needs.ts';
import type { SlackDeps } from '../../slack-deps.ts';
import type { ListenerHost } from '../listener-host.ts';
import { answerFeedback } from './answer-feedback.ts';

export function register(app: ListenerHost, deps: SlackDeps): void {
  app.action(FEEDBACK_ACTION, answerFeedback(deps));
}
