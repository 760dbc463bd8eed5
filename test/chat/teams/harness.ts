/**
 * @module The Teams bot on loopback for tests: an App over a copy of the ingested examples, the
 * platform in dev mode (no auth) on the shared HTTP server, a fake connector, Teams-shaped activities.
 */
import { createTeamsPlatform, type TeamsPlatform } from '../../../src/chat/teams/teams-platform.ts';
import { parseConfig } from '../../../src/config.ts';
import { fixedClock } from '../../../src/core/ports/clock.ts';
import type { LogFields, Logger } from '../../../src/core/ports/logger.ts';
import { createLogger } from '../../../src/logging.ts';
import { type App, openApp } from '../../../src/main.ts';
import { type RunningServer, startHttpServer } from '../../../src/serve/http-server.ts';
import { FakeTeamsConnector } from '../../fakes/teams-connector.ts';
import { EXAMPLES, examplesDb } from '../../support/fixture-dbs.ts';

export { EXAMPLES };
export const NOW = '2026-11-21T08:00:00Z';

export const BOT = { id: '28:threatbrief-bot', name: 'ThreatBrief' };
export const ANALYST = {
  id: '29:analyst',
  name: 'Ana Lyst',
  aadObjectId: '6f1d2c3b-0000-4000-8000-0000000000a1',
};
export const TENANT = { id: '72f988bf-0000-4000-8000-000000000001' };
/** The team's General channel (whose id is also the team's id) and another channel. */
export const GENERAL = '19:general@thread.tacv2';
export const CHANNEL = '19:soc-intel@thread.tacv2';
export const PERSONAL = 'a:1personal-chat-with-the-bot';
export const GROUP_CHAT = '19:group-chat-4f2a@thread.v2';

export { examplesDb };

export interface LogEntry {
  level: string;
  message: string;
  fields: LogFields | undefined;
}

export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    entries.push({ level, message, fields });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TeamsHarness {
  app: App;
  platform: TeamsPlatform;
  connector: FakeTeamsConnector;
  server: RunningServer;
  logs: LogEntry[];
  /** The waits the retry policy asked for (it never really sleeps in tests). */
  sleeps: number[];
  post(activity: object, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startTeams(
  options: {
    db?: string;
    env?: Record<string, string>;
    /** The Bot Framework signing keys to trust (a local fake); the public cloud's otherwise. */
    openIdMetadataUrl?: string;
    /** Writes log lines as the app does (LOG_LEVEL applies); all levels are recorded otherwise. */
    logLines?: string[];
  } = {},
): Promise<TeamsHarness> {
  const db = options.db ?? (await examplesDb());
  const config = parseConfig({
    THREATBRIEF_DB: db,
    TEAMS_DEV_MODE: '1',
    HOST: '127.0.0.1',
    ...options.env,
  });
  const logger = recordingLogger();
  const lines = options.logLines;
  const app = await openApp({
    config,
    clock: fixedClock(NOW),
    logger: lines ? createLogger(config.LOG_LEVEL, (line) => lines.push(line)) : logger,
  });
  const sleeps: number[] = [];
  let connector: FakeTeamsConnector | undefined;
  let server: RunningServer | undefined;
  try {
    const platform = createTeamsPlatform(app, {
      retry: {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0.5,
      },
      ...(options.openIdMetadataUrl ? { openIdMetadataUrl: options.openIdMetadataUrl } : {}),
    });
    connector = await FakeTeamsConnector.start();
    const running = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: platform.routes,
      health: () => ({ ok: true }),
    });
    server = running;
    const url = `http://127.0.0.1:${running.port}/api/messages`;
    const fake = connector;
    return {
      app,
      platform,
      connector: fake,
      server: running,
      logs: logger.entries,
      sleeps,
      // Answers are composed after the response; the harness waits for them, as a reader would.
      post: async (activity, headers = {}) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(activity),
        });
        await platform.answers.idle();
        return response;
      },
      async close() {
        await platform.stop();
        await running.close();
        await fake.close();
        await app.close();
      },
    };
  } catch (error) {
    await server?.close();
    await connector?.close();
    await app.close();
    throw error;
  }
}

const mention = {
  type: 'mention',
  text: `<at>${BOT.name}</at>`,
  mentioned: { id: BOT.id, name: BOT.name },
};

interface Where {
  conversationId: string;
  conversationType: 'channel' | 'personal' | 'groupChat';
  channel?: string;
}

function activityIn(serviceUrl: string, where: Where) {
  return {
    channelId: 'msteams',
    serviceUrl,
    timestamp: NOW,
    from: ANALYST,
    recipient: BOT,
    conversation: {
      id: where.conversationId,
      conversationType: where.conversationType,
      tenantId: TENANT.id,
      isGroup: where.conversationType !== 'personal',
    },
    channelData: where.channel
      ? { channel: { id: where.channel }, team: { id: GENERAL }, tenant: TENANT }
      : { tenant: TENANT },
  };
}

/** A new post in a channel that @mentions the bot; Teams names the thread after the post itself. */
export function channelPost(serviceUrl: string, text: string, id: string, channel = CHANNEL) {
  return {
    ...activityIn(serviceUrl, {
      conversationId: `${channel};messageid=${id}`,
      conversationType: 'channel',
      channel,
    }),
    type: 'message',
    id,
    text: `<at>${BOT.name}</at> ${text}`,
    textFormat: 'plain',
    entities: [mention],
  };
}

/** A reply in a channel thread (it @mentions the bot, as channel messages must). */
export function threadReply(
  serviceUrl: string,
  text: string,
  rootId: string,
  id: string,
  channel = CHANNEL,
) {
  return {
    ...channelPost(serviceUrl, text, id, channel),
    conversation: {
      id: `${channel};messageid=${rootId}`,
      conversationType: 'channel',
      tenantId: TENANT.id,
      isGroup: true,
    },
    replyToId: rootId,
  };
}

export function personalMessage(serviceUrl: string, text: string, id: string) {
  return {
    ...activityIn(serviceUrl, { conversationId: PERSONAL, conversationType: 'personal' }),
    type: 'message',
    id,
    text,
    textFormat: 'plain',
  };
}

/** The app added to a team (the reference belongs to the General channel) or to a personal scope. */
export function installed(serviceUrl: string, scope: 'team' | 'personal' = 'team') {
  const where: Where =
    scope === 'team'
      ? { conversationId: GENERAL, conversationType: 'channel', channel: GENERAL }
      : { conversationId: PERSONAL, conversationType: 'personal' };
  return {
    ...activityIn(serviceUrl, where),
    type: 'installationUpdate',
    action: 'add',
    id: `f:install-${scope}`,
  };
}

/** The bot joining a group chat, announced the older way: a conversationUpdate with the bot added. */
export function botAddedToGroupChat(serviceUrl: string) {
  return {
    ...activityIn(serviceUrl, { conversationId: GROUP_CHAT, conversationType: 'groupChat' }),
    type: 'conversationUpdate',
    id: 'f:bot-added',
    membersAdded: [BOT],
  };
}

/** Teams' feedback loop: a reaction (and the default form's text) on one of the bot's messages. */
export function feedbackInvoke(
  serviceUrl: string,
  options: {
    conversationId: string;
    messageId: string;
    reaction: 'like' | 'dislike';
    text?: string;
    channel?: string;
  },
) {
  return {
    ...activityIn(serviceUrl, {
      conversationId: options.conversationId,
      conversationType: options.channel ? 'channel' : 'personal',
      ...(options.channel ? { channel: options.channel } : {}),
    }),
    type: 'invoke',
    name: 'message/submitAction',
    id: `f:feedback-${options.messageId}-${options.reaction}`,
    replyToId: options.messageId,
    value: {
      actionName: 'feedback',
      actionValue: {
        reaction: options.reaction,
        feedback: JSON.stringify({ feedbackText: options.text ?? '' }),
      },
    },
  };
}

/** Every string in a JSON value, for checking rendered cards and entities. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
