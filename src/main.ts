/** @module Composition root: validated config in, store and services wired, nothing else decides adapters. */

import { notice } from './chat/notices.ts';
import { CommandRouter } from './chat/router.ts';
import type { Config } from './config.ts';
import { loadConfig } from './config.ts';
import { AnalysisService } from './core/analysis/analysis-service.ts';
import { FallbackEngine } from './core/answer/fallback-engine.ts';
import { GuardedEngine } from './core/answer/guarded-engine.ts';
import { BriefingService } from './core/digest/briefing-service.ts';
import type { AnswerEngine } from './core/ports/answer-engine.ts';
import { type Clock, systemClock } from './core/ports/clock.ts';
import type { CronCalendar } from './core/ports/cron-calendar.ts';
import type { Logger } from './core/ports/logger.ts';
import type { Store } from './core/ports/store.ts';
import { ExtractiveEngine } from './engines/extractive/extractive-engine.ts';
import { createLogger } from './logging.ts';
import { NodeCronCalendar } from './schedule/node-cron-calendar.ts';
import { openPostgresStore } from './store/postgres/postgres-store.ts';
import { openSqliteStore } from './store/sqlite/sqlite-store.ts';

export interface App {
  config: Config;
  store: Store;
  clock: Clock;
  analysis: AnalysisService;
  engine: AnswerEngine;
  router: CommandRouter;
  calendar: CronCalendar;
  briefings: BriefingService;
  logger: Logger;
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set (several replicas share it), else the SQLite file. */
export async function openStore(config: Config): Promise<Store> {
  if (config.DATABASE_URL) return openPostgresStore({ url: config.DATABASE_URL });
  return openSqliteStore({ path: config.THREATBRIEF_DB });
}

/**
 * The extractive engine, or with OPENAI_API_KEY the model engine falling back to it. The model
 * engine's module (SDK, tokenizer) is loaded only when it is configured.
 */
async function answerEngine(
  config: Config,
  deps: { store: Store; analysis: AnalysisService; clock: Clock; logger: Logger },
): Promise<AnswerEngine> {
  const extractive = new ExtractiveEngine(deps);
  const apiKey = config.OPENAI_API_KEY;
  if (!apiKey) return extractive;
  const { openAIEngineFromConfig } = await import('./engines/openai/from-config.ts');
  const model = openAIEngineFromConfig(
    { ...config, OPENAI_API_KEY: apiKey },
    { ...deps, local: extractive },
  );
  return new FallbackEngine(model, extractive, { logger: deps.logger });
}

export interface AppOverrides {
  /** `--db FILE` from the command line wins over THREATBRIEF_DB. */
  db?: string | undefined;
  config?: Config;
  clock?: Clock;
  logger?: Logger;
}

export async function openApp(overrides: AppOverrides = {}): Promise<App> {
  const base = overrides.config ?? loadConfig();
  const config = overrides.db ? { ...base, THREATBRIEF_DB: overrides.db } : base;
  const store = await openStore(config);
  const clock = overrides.clock ?? systemClock;
  const analysis = await AnalysisService.load(store);
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  // Every answer leaves through the citation guard, whichever engine composed it.
  let inner: AnswerEngine;
  try {
    inner = await answerEngine(config, { store, analysis, clock, logger });
  } catch (error) {
    // A prompt file that fails its check stops start-up; the store opened for it is closed.
    await store.close();
    throw error;
  }
  const engine = new GuardedEngine(inner, { reports: store, logger });
  const calendar = new NodeCronCalendar();
  const briefings = new BriefingService({
    store,
    analysis,
    calendar,
    clock,
    defaultTimezone: config.DIGEST_TIMEZONE,
    postEmpty: config.DIGEST_POST_EMPTY,
    notice,
  });
  return {
    config,
    store,
    clock,
    analysis,
    engine,
    calendar,
    briefings,
    router: new CommandRouter({
      store,
      engine,
      clock,
      briefings,
      admins: config.ADMIN_USERS,
      clearances: {
        channel: config.CHANNEL_CLEARANCE,
        direct: config.DM_CLEARANCE,
        byDestination: config.CHANNEL_CLEARANCES,
      },
    }),
    logger,
    close: () => store.close(),
  };
}
