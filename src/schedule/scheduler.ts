/**
 * @module The scheduler `serve` runs: one node-cron job per briefing subscription (in its own
 * time zone), a catch-up pass at start for periods missed while down, a periodic refresh so
 * subscriptions made on another replica are picked up, and the watch-alert queue.
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { AlertPosterDeps } from '../core/digest/alerts.ts';
import { postPendingAlerts } from '../core/digest/alerts.ts';
import type { DigestRunner } from '../core/digest/digest-runner.ts';
import type { Subscription } from '../core/model/subscription.ts';
import type { Logger } from '../core/ports/logger.ts';
import type { SubscriptionStore } from '../core/ports/subscription-store.ts';

export interface SchedulerDeps {
  store: Pick<SubscriptionStore, 'listSubscriptions'>;
  runner: DigestRunner;
  alerts: AlertPosterDeps;
  logger: Logger;
  /** How often to reload subscriptions and the catalog, and post queued alerts. */
  pollMs?: number;
  /** Picks up catalog entries another replica learned (AnalysisService.refresh). */
  reloadCatalog?: () => Promise<unknown>;
}

export class Scheduler {
  readonly #deps: SchedulerDeps;
  readonly #jobs = new Map<string, { key: string; task: ScheduledTask }>();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
  }

  get jobs(): number {
    return this.#jobs.size;
  }

  async start(): Promise<void> {
    await this.refresh({ catchUp: true });
    this.#timer = setInterval(() => void this.#poll(), this.#deps.pollMs ?? 60_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    for (const { task } of this.#jobs.values()) await task.destroy();
    this.#jobs.clear();
  }

  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      await this.#deps.reloadCatalog?.();
      await this.refresh({ catchUp: false });
      await postPendingAlerts(this.#deps.alerts);
    } catch (error) {
      this.#deps.logger.error('scheduler poll failed', { error });
    } finally {
      this.#polling = false;
    }
  }

  async #run(subscription: Subscription): Promise<void> {
    try {
      const outcome = await this.#deps.runner.runDue(subscription);
      this.#deps.logger.info('briefing run', { subscription: subscription.id, outcome });
    } catch (error) {
      this.#deps.logger.error('briefing run failed', { subscription: subscription.id, error });
    }
  }

  /** Aligns the cron jobs with the stored subscriptions; with catchUp, runs what is overdue. */
  async refresh(options: { catchUp: boolean }): Promise<void> {
    const subscriptions = await this.#deps.store.listSubscriptions();
    const wanted = new Map(subscriptions.map((s) => [s.id, s]));
    for (const [id, job] of this.#jobs) {
      const s = wanted.get(id);
      if (!s || job.key !== `${s.cron}|${s.timezone}`) {
        await job.task.destroy();
        this.#jobs.delete(id);
      }
    }
    for (const s of subscriptions) {
      if (this.#jobs.has(s.id)) continue;
      // The job reads the subscription fresh at each tick, so clearance or filter changes apply.
      const task = createTask(
        s.cron,
        async () => {
          const current = (await this.#deps.store.listSubscriptions()).find((x) => x.id === s.id);
          if (current) await this.#run(current);
        },
        { timezone: s.timezone, name: `briefing-${s.id}`, noOverlap: true },
      );
      await task.start();
      this.#jobs.set(s.id, { key: `${s.cron}|${s.timezone}`, task });
      if (options.catchUp) await this.#run(s);
    }
  }
}
