/** @module Event listeners: mentions, replies in the bot's threads, direct messages. */
import type { SlackDeps } from '../../slack-deps.ts';
import type { ListenerHost } from '../listener-host.ts';
import { appMention } from './app-mention.ts';
import { directMessage } from './direct-message.ts';
import { threadReply } from './thread-reply.ts';

export function register(app: ListenerHost, deps: SlackDeps): void {
  app.event('app_mention', appMention(deps));
  app.message(threadReply(deps));
  app.message(directMessage(deps));
}
