/**
 * @module Serving: the chat platforms on one HTTP server (with /healthz), and the scheduler that
 * posts briefings and watch alerts through them. Returns a handle that shuts all of it down.
 */
import { hostname } from 'node:os';
import { MarkdownArchive } from '../archive/markdown-archive.ts';
import type { ChatPlatform } from '../chat/platform.ts';
import { renderMarkdown } from '../chat/render/markdown.ts';
import { DigestRunner } from '../core/digest/digest-runner.ts';
import type { ChatDestination } from '../core/ports/chat-destination.ts';
import type { App } from '../main.ts';
import { Scheduler } from '../schedule/scheduler.ts';
import { SourceJobs } from '../schedule/source-jobs.ts';
import { type RunningServer, startHttpServer } from './http-server.ts';
import type { RequestGauge } from './request-gauge.ts';
import { sourceJobsFor } from './source-job-list.ts';

export interface Serving {
  port: number;
  server: RunningServer;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export async function startServing(
  app: App,
  platforms: ChatPlatform[],
  options: { gauge?: RequestGauge } = {},
): Promise<Serving> {
  const { config, logger } = app;
  for (const platform of platforms) {
    await platform.start();
    logger.info('platform started', { platform: platform.name, mode: platform.mode });
  }
  const destinations = new Map<string, ChatDestination>(
    platforms.map((p) => [p.name, p.destination]),
  );
  const remember = (threadId: string, posted: Parameters<App['router']['remember']>[1]) =>
    app.router.remember(threadId, posted);
  const runner = new DigestRunner({
    store: app.store,
    calendar: app.calendar,
    clock: app.clock,
    destinations,
    archive: new MarkdownArchive(config.BRIEFINGS_DIR),
    remember,
    renderMarkdown,
    logger,
    instanceId: `${hostname()}:${process.pid}`,
    catchUp: config.DIGEST_CATCH_UP,
  });
  const scheduler = new Scheduler({
    store: app.store,
    runner,
    logger,
    reloadCatalog: () => app.analysis.refresh(app.store),
    alerts: {
      store: app.store,
      analysis: app.analysis,
      clock: app.clock,
      destinations,
      clearanceOf: async (d) => (await app.router.resolveDestination(d)).clearance,
      remember,
      logger,
    },
  });
  const sourceJobs = new SourceJobs({
    store: app.store,
    calendar: app.calendar,
    clock: app.clock,
    logger,
    instanceId: `${hostname()}:${process.pid}`,
    jobs: sourceJobsFor(app),
  });
  const server = await startHttpServer({
    // Always the configured host: a platform's safety checks (Teams dev mode) read it too.
    port: config.PORT,
    host: config.HOST,
    routes: platforms.flatMap((p) => p.routes),
    health: async () => ({
      ok: true,
      platforms: platforms.map((p) => ({ name: p.name, mode: p.mode })),
      // Unauthenticated: nothing about what is stored (a count would include restricted reports).
      store: app.store.kind,
      briefings: scheduler.jobs,
    }),
    onError: (error, req) => logger.error('request failed', { path: req.url, error }),
    ...(options.gauge ? { gauge: options.gauge } : {}),
  });
  await scheduler.start();
  await sourceJobs.start();
  logger.info('serving', {
    port: server.port,
    platforms: platforms.map((p) => p.name),
    briefings: scheduler.jobs,
    sourceJobs: sourceJobs.names,
  });
  return {
    port: server.port,
    server,
    scheduler,
    async close() {
      await scheduler.stop();
      await sourceJobs.stop();
      await server.close();
      for (const platform of platforms) await platform.stop();
    },
  };
}
