/** @module The assistant (agent) panel, through Bolt's Assistant class. */
import { Assistant } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.ts';
import type { ListenerHost } from '../listener-host.ts';
import { threadStarted } from './thread-started.ts';
import { userMessage } from './user-message.ts';

export function register(app: ListenerHost, deps: SlackDeps): void {
  app.assistant(
    new Assistant({
      // Thread memory lives in our store; Bolt's default context store would read and rewrite
      // the first bot message of every thread (conversations.replies, chat.update) for nothing.
      threadContextStore: { get: async () => ({}), save: async () => {} },
      threadStarted: threadStarted(deps),
      userMessage: userMessage(deps),
    }),
  );
}
