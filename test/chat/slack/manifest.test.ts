/**
 * manifest.yml parses and declares exactly what the code uses: the slash command, the bot events
 * and the action the listeners register, and the scopes the needs table says they require.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Assistant } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { notice } from '../../../src/chat/notices.ts';
import { renderSlack } from '../../../src/chat/render/slack-blocks.ts';
import { SUGGESTED_PROMPTS } from '../../../src/chat/slack/listeners/assistant/thread-started.ts';
import { registerListeners } from '../../../src/chat/slack/listeners/index.ts';
import type { ListenerHost } from '../../../src/chat/slack/listeners/listener-host.ts';
import { allNeeds, LISTENER_NEEDS } from '../../../src/chat/slack/needs.ts';
import type { SlackDeps } from '../../../src/chat/slack/slack-deps.ts';

interface Manifest {
  display_information: { name: string; description: string; long_description: string };
  features: {
    app_home: { messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    assistant_view: { assistant_description: string; suggested_prompts: unknown[] };
    slash_commands: {
      command: string;
      description: string;
      usage_hint: string;
      should_escape: boolean;
    }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(join(import.meta.dirname, '../../../manifest.yml'), 'utf8'),
) as Manifest;

/** The Bolt-level event types Bolt's Assistant middleware takes (see bolt's Assistant.js). */
const ASSISTANT_EVENT_TYPES = [
  'assistant_thread_started',
  'assistant_thread_context_changed',
  'message',
];

/** Registers every listener on a recording host instead of a Bolt App. */
function registrations() {
  const seen = { commands: [] as string[], eventTypes: [] as string[], actions: [] as string[] };
  const host = {
    command: (name: string) => void seen.commands.push(name),
    event: (name: string) => void seen.eventTypes.push(name),
    message: () => void seen.eventTypes.push('message'),
    action: (id: string) => void seen.actions.push(id),
    assistant: (assistant: unknown) => {
      expect(assistant).toBeInstanceOf(Assistant);
      seen.eventTypes.push(...ASSISTANT_EVENT_TYPES);
    },
  };
  // Registration only wires handlers; nothing in deps is touched until an event arrives.
  registerListeners(host as unknown as ListenerHost, {} as SlackDeps);
  return seen;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('manifest.yml', () => {
  const needs = allNeeds();
  const seen = registrations();

  it('declares the slash command the listeners register, unescaped, with description and usage hint', () => {
    const commands = manifest.features.slash_commands;
    expect(commands.map((c) => c.command)).toEqual(sorted(seen.commands));
    expect(sorted(seen.commands)).toEqual(needs.commands);
    for (const command of commands) {
      expect(command.should_escape).toBe(false);
      expect(command.description.length).toBeGreaterThan(10);
      expect(command.usage_hint).toMatch(/actor NAME/);
    }
  });

  it('subscribes exactly the bot events the listeners need, and every registered event type has one', () => {
    expect(sorted(manifest.settings.event_subscriptions.bot_events)).toEqual(needs.botEvents);
    const subscribedTypes = sorted(needs.botEvents.map((e) => e.split('.')[0]!));
    expect(sorted(seen.eventTypes)).toEqual(subscribedTypes);
  });

  it('asks for exactly the bot scopes the listeners need', () => {
    expect(sorted(manifest.oauth_config.scopes.bot)).toEqual(needs.scopes);
    for (const row of LISTENER_NEEDS) {
      if (row.commands.length) expect(row.scopes).toContain('commands');
      if (row.botEvents.includes('message.channels'))
        expect(row.scopes).toContain('channels:history');
      if (row.botEvents.includes('message.groups')) expect(row.scopes).toContain('groups:history');
      if (row.botEvents.includes('message.im')) expect(row.scopes).toContain('im:history');
      if (row.botEvents.includes('app_mention')) expect(row.scopes).toContain('app_mentions:read');
      if (row.botEvents.some((e) => e.startsWith('assistant_')))
        expect(row.scopes).toContain('assistant:write');
    }
  });

  it('turns interactivity on for the feedback action the renderer attaches and a listener handles', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(sorted(seen.actions)).toEqual(needs.actions);
    const rendered = renderSlack(notice({ title: 't', summary: 's', clearance: 'CLEAR' }), {
      answerId: 'a1',
    });
    const ids = JSON.stringify(rendered).match(/"action_id":"([^"]+)"/g) ?? [];
    expect(ids.map((m) => m.slice(13, -1))).toEqual(needs.actions);
  });

  it('offers the assistant view with the prompts the assistant sets, a bot user and a messages tab', () => {
    expect(manifest.features.assistant_view.suggested_prompts).toEqual(SUGGESTED_PROMPTS);
    expect(manifest.features.assistant_view.assistant_description).toBeTruthy();
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBe('ThreatBrief');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('fits Slack’s manifest limits for display information', () => {
    const info = manifest.display_information;
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.long_description.length).toBeGreaterThanOrEqual(175);
    expect(info.long_description.length).toBeLessThanOrEqual(4000);
  });
});
