/** @module Composition root: validated config in, store and services wired, nothing else decides adapters. */

import { notice } from './chat/notices.ts';
import { CommandRouter, type RouterDeps } from './chat/router.ts';
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
import type { SourceDeps } from './sources/source-runs.ts';
import { WebClient } from './sources/web/web-client.ts';
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
  /** Everything fetched from the network goes through this client and its limits. */
  web: WebClient;
  /** What feed polls, TAXII pulls, catalog syncs and URL ingest need. */
  sources: SourceDeps;
  close(): Promise<void>;
}

/** The web client with the configured limits and address policy. */
export function webClientFor(config: Config): WebClient {
  return new WebClient({
    policy: {
      allowPrivate: config.ALLOW_PRIVATE_SOURCES,
      trustedHosts: config.PRIVATE_SOURCE_HOSTS,
    },
    timeoutMs: config.FETCH_TIMEOUT_SECONDS * 1000,
    maxBytes: config.FETCH_MAX_BYTES,
  });
}

/** PostgreSQL when DATABASE_URL is set (several replicas share it), else the SQLite file. */
export async function openStore(config: Config): Promise<Store> {
  if (config.DATABASE_URL) {
    // The driver loads only for PostgreSQL, so a SQLite command starts without it.
    const { openPostgresStore } = await import('./store/postgres/postgres-store.ts');
    return openPostgresStore({ url: config.DATABASE_URL });
  }
  return openSqliteStore({ path: config.THREATBRIEF_DB });
}

/**
 * The answer engine the app runs; answering workers build theirs here too, so both agree: the
 * extractive engine, or with OPENAI_API_KEY the model engine falling back to it (the model's
 * module, SDK and tokenizer, loaded only then). Every answer leaves through the citation guard.
 */
export async function buildEngine(
  config: Config,
  deps: { store: Store; analysis: AnalysisService; clock: Clock; logger: Logger },
): Promise<AnswerEngine> {
  const { store, analysis, clock, logger } = deps;
  const extractive = new ExtractiveEngine({ store, analysis, clock });
  let inner: AnswerEngine = extractive;
  if (config.OPENAI_API_KEY) {
    const { openAIEngineFromConfig } = await import('./engines/openai/from-config.ts');
    const model = openAIEngineFromConfig(
      { ...config, OPENAI_API_KEY: config.OPENAI_API_KEY },
      { ...deps, local: extractive },
    );
    inner = new FallbackEngine(model, extractive, { logger });
  }
  return new GuardedEngine(inner, { reports: store, logger, threads: { store, analysis } });
}

function buildRouter(
  config: Config,
  deps: {
    store: Store;
    engine: AnswerEngine;
    clock: Clock;
    briefings: BriefingService;
    ingestUrl?: RouterDeps['ingestUrl'];
  },
): CommandRouter {
  return new CommandRouter({
    ...deps,
    admins: config.ADMIN_USERS,
    clearances: {
      channel: config.CHANNEL_CLEARANCE,
      direct: config.DM_CLEARANCE,
      byDestination: config.CHANNEL_CLEARANCES,
    },
  });
}

/** The app answering through another engine (the worker pool `serve` uses), everything else shared. */
export function withEngine(app: App, engine: AnswerEngine): App {
  const { store, clock, briefings, sources } = app;
  return {
    ...app,
    engine,
    router: buildRouter(app.config, {
      store,
      engine,
      clock,
      briefings,
      ingestUrl: (url) => ingestUrlLazily(sources, url),
    }),
  };
}

/** URL ingest loads its HTML parser and fetch stack on the first address someone sends. */
async function ingestUrlLazily(
  sources: SourceDeps,
  url: string,
): ReturnType<NonNullable<RouterDeps['ingestUrl']>> {
  const { ingestUrl } = await import('./sources/web/ingest-url.ts');
  return ingestUrl(sources, url);
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
  let engine: AnswerEngine;
  try {
    engine = await buildEngine(config, { store, analysis, clock, logger });
  } catch (error) {
    // A prompt file that fails its check stops start-up; the store opened for it is closed.
    await store.close();
    throw error;
  }
  const calendar = new NodeCronCalendar();
  const web = webClientFor(config);
  const sources: SourceDeps = {
    store,
    clock,
    analysis,
    web,
    logger,
    defaultTlp: config.DEFAULT_TLP,
  };
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
    router: buildRouter(config, {
      store,
      engine,
      clock,
      briefings,
      ingestUrl: (url) => ingestUrlLazily(sources, url),
    }),
    logger,
    web,
    sources,
    async close() {
      await web.close();
      await store.close();
    },
  };
}
