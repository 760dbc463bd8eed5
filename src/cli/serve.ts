/** @module `threatbrief serve`: Slack and/or Teams (whichever is configured), /healthz, and the briefing scheduler. */
import { AnswerQueue } from '../chat/answer-queue.ts';
import type { ChatPlatform } from '../chat/platform.ts';
import { createSlackPlatform } from '../chat/slack/slack-platform.ts';
import { createTeamsPlatform } from '../chat/teams/teams-platform.ts';
import type { Config } from '../config.ts';
import { ThreatBriefError } from '../core/errors.ts';
import type { App } from '../main.ts';
import { openApp, withEngine } from '../main.ts';
import { WorkerPoolEngine } from '../serve/answering/worker-pool-engine.ts';
import { RequestGauge, type Yielding } from '../serve/request-gauge.ts';
import { startServing } from '../serve/serve.ts';
import { COMMON_OPTIONS, type Command, parseCommandArgs } from './command.ts';
import { summaryOf } from './commands.ts';

export function configuredPlatforms(config: Config): ('slack' | 'teams')[] {
  return [
    ...(config.SLACK_BOT_TOKEN ? (['slack'] as const) : []),
    ...(config.MicrosoftAppId || config.TEAMS_DEV_MODE ? (['teams'] as const) : []),
  ];
}

export function createPlatforms(app: App, options: { yieldTo?: Yielding } = {}): ChatPlatform[] {
  const answers = () =>
    new AnswerQueue({
      logger: app.logger,
      ...(options.yieldTo ? { yieldTo: options.yieldTo } : {}),
    });
  return configuredPlatforms(app.config).map((name) =>
    name === 'slack'
      ? createSlackPlatform(app, { answers: answers() })
      : createTeamsPlatform(app, { answers: answers() }),
  );
}

/**
 * Serves until SIGINT or SIGTERM, then shuts down cleanly. Answers are composed by a pool of
 * worker threads, so acks and /healthz are never queued behind answering work.
 */
export async function serveUntilStopped(base: App): Promise<number> {
  if (configuredPlatforms(base.config).length === 0) {
    throw new ThreatBriefError(
      'config',
      'nothing to serve: set SLACK_BOT_TOKEN (and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN) for Slack, or MicrosoftAppId (or TEAMS_DEV_MODE=1 on loopback) for Teams. See README.md.',
    );
  }
  const gauge = new RequestGauge();
  const pool = new WorkerPoolEngine({
    config: base.config,
    ...(base.config.ANSWER_WORKERS ? { size: base.config.ANSWER_WORKERS } : {}),
    logger: base.logger,
    clock: base.clock,
    yieldTo: gauge,
  });
  try {
    // /healthz and acks start while the workers load; a question waits in the pool's queue
    // until one is ready, and a worker that cannot start stops the server.
    const ready = pool.ready();
    ready.catch(() => {}); // awaited once serving; a failure before then must not go unhandled
    return await serveWith(withEngine(base, pool), gauge, ready);
  } finally {
    await pool.close();
  }
}

async function serveWith(app: App, gauge: RequestGauge, ready: Promise<void>): Promise<number> {
  const platforms = createPlatforms(app, { yieldTo: gauge });
  const serving = await startServing(app, platforms, { gauge });
  try {
    await ready;
  } catch (error) {
    await serving.close();
    throw error;
  }
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
  summary: summaryOf('serve'),
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
