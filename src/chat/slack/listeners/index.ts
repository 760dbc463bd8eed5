/** @module Registers every Slack listener, kind by kind. */
import type { SlackDeps } from '../slack-deps.ts';
import { register as registerActions } from './actions/index.ts';
import { register as registerAssistant } from './assistant/index.ts';
import { register as registerCommands } from './commands/index.ts';
import { register as registerEvents } from './events/index.ts';
import type { ListenerHost } from './listener-host.ts';

export function registerListeners(app: ListenerHost, deps: SlackDeps): void {
  // The assistant goes first: Bolt's Assistant is middleware that takes DM-thread messages for itself.
  registerAssistant(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
}
