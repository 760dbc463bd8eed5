/**
 * @module What each Slack listener needs from the app's configuration in Slack: the slash
 * commands, bot events, block actions and bot scopes manifest.yml must declare. A test holds
 * the manifest and the registered listeners to this table.
 */

export const THREAT_COMMAND = '/threat';

import { FEEDBACK_ACTION_ID } from '../render/slack-blocks.ts';

/** The action id of the feedback buttons renderSlack puts under every stored answer. */
export const FEEDBACK_ACTION = FEEDBACK_ACTION_ID;

export interface ListenerNeeds {
  listener: string;
  commands: readonly string[];
  /** Event subscriptions as the manifest names them ("message.channels"). */
  botEvents: readonly string[];
  actions: readonly string[];
  scopes: readonly string[];
}

export const LISTENER_NEEDS: readonly ListenerNeeds[] = [
  {
    listener: 'threat-command',
    commands: [THREAT_COMMAND],
    botEvents: [],
    actions: [],
    // chat:write.public: answers go into public channels the bot was never invited to.
    scopes: ['commands', 'chat:write', 'chat:write.public'],
  },
  {
    listener: 'app-mention',
    commands: [],
    botEvents: ['app_mention'],
    actions: [],
    scopes: ['app_mentions:read', 'chat:write'],
  },
  {
    listener: 'thread-reply',
    commands: [],
    botEvents: ['message.channels', 'message.groups'],
    actions: [],
    scopes: ['channels:history', 'groups:history', 'chat:write'],
  },
  {
    listener: 'direct-message',
    commands: [],
    botEvents: ['message.im'],
    actions: [],
    scopes: ['im:history', 'chat:write'],
  },
  {
    listener: 'assistant',
    commands: [],
    botEvents: ['assistant_thread_started', 'assistant_thread_context_changed', 'message.im'],
    actions: [],
    scopes: ['assistant:write', 'im:history', 'chat:write'],
  },
  {
    listener: 'answer-feedback',
    commands: [],
    botEvents: [],
    actions: [FEEDBACK_ACTION],
    scopes: [],
  },
  {
    listener: 'slack-destination',
    commands: [],
    botEvents: [],
    actions: [],
    // History: after a post timed out, the part is looked up by its metadata before any resend.
    scopes: ['chat:write', 'chat:write.public', 'channels:history', 'groups:history', 'im:history'],
  },
];

/** Every scope, event, command and action the listeners need, each once, sorted. */
export function allNeeds(): {
  commands: string[];
  botEvents: string[];
  actions: string[];
  scopes: string[];
} {
  const union = (pick: (n: ListenerNeeds) => readonly string[]) =>
    [...new Set(LISTENER_NEEDS.flatMap(pick))].sort();
  return {
    commands: union((n) => n.commands),
    botEvents: union((n) => n.botEvents),
    actions: union((n) => n.actions),
    scopes: union((n) => n.scopes),
  };
}
