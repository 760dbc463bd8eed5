/** @module Slash command listeners. */
import { THREAT_COMMAND } from '../../needs.ts';
import type { SlackDeps } from '../../slack-deps.ts';
import type { ListenerHost } from '../listener-host.ts';
import { threatCommand } from './threat-command.ts';

export function register(app: ListenerHost, deps: SlackDeps): void {
  app.command(THREAT_COMMAND, threatCommand(deps));
}
