/** @module `threatbrief serve`: Slack and/or Teams (whichever is configured), /healthz, and the briefing scheduler. */
import type { ChatPlatform } from '../chat/platform.ts';
import { createSlackPlatform } from '../chat/slack/slack-platform.ts';
import { createTeamsPlatform } from '../chat/teams/teams-platform.ts';
import type { Config } from '../config.ts';
import { ThreatBriefError } from '../core/errors.ts';
import type { App } from '../main.ts';
import { openApp } from '../main.ts';
import { startServing } from '../serve/serve.ts';
import { COMMON_OPTIONS, type Command, parseCommandArgs } from './command.ts';

export function configuredPlatforms(config: Config): ('slack' | 'teams')[] {
  return [
    ...(config.SLACK_BOT_TOKEN ? (['slack'] as const) : []),
    ...(config.MicrosoftAppId || config.TEAMS_DEV_MODE ? (['teams'] as const) : []),
  ];
}

export function createPlatforms(app: App): ChatPlatform[] {
  return configuredPlatforms(app.config).map((name) =>
    name === 'slack' ? createSlackPlatform(app) : createTeamsPlatform(app),
  );
}

/** Serves until SIGINT or SIGTERM, then shuts down cleanly. */
export async function serveUntilStopped(app: App): Promise<number> {
  const platforms = createPlatforms(app);
  if (platforms.length === 0) {
    throw new ThreatBriefError(
      'config',
      'nothing to serve: set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN) for Slack, or MicrosoftAppId (or TEAMS_DEV_MODE=1 on loopback) for Teams. See README.md.',
    );
  }
  const serving = await startServing(app, platforms);
  process.stderr.write(
    `ThreatBrief serving ${platforms.map((p) => `${p.name} (${p.mode})`).join(' and ')} on ${app.config.HOST}:${serving.port}; health at /healthz. Ctrl-C stops.\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await serving.close();
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the Slack and/or Teams bot (whichever is configured) with scheduled briefings',
  usage: 'threatbrief serve [--db FILE]',
  async run(args, io) {
    const { values } = parseCommandArgs(this, args, COMMON_OPTIONS);
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}. Configuration comes from the environment; see README.md ("Connect Slack", "Connect Teams").\n`,
      );
      return 0;
    }
    const app = await openApp({ ...io.overrides, db: values.db ?? io.overrides?.db });
    try {
      return await serveUntilStopped(app);
    } finally {
      await app.close();
    }
  },
};
