/**
 * @module Named scheduler jobs for sources (feed polls, TAXII pulls, catalog sync): each runs on
 * its cron (UTC) in every replica, and each firing is claimed through the lease store as a
 * briefing period is, so however many replicas share the store, one of them does the work. A
 * firing missed while no replica ran is done once at start.
 */
import { createTask, type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/ports/clock.ts';
import type { CronCalendar } from '../core/ports/cron-calendar.ts';
import type { LeaseStore } from '../core/ports/lease-store.ts';
import type { Logger } from '../core/ports/logger.ts';

export interface NamedJob {
  name: string;
  cron: string;
  /** Does the work; returns a one-line summary for the run record. */
  run(): Promise<string>;
}

export type JobOutcome = 'done' | 'failed' | 'claimed-elsewhere' | 'not-due';

export interface SourceJobsDeps {
  store: Pick<LeaseStore, 'claimJobRun' | 'finishJobRun'>;
  calendar: CronCalendar;
  clock: Clock;
  logger: Logger;
  /** Identifies this process in claims ("host:pid"). */
  instanceId: string;
  jobs: NamedJob[];
  /** An unfinished claim older than this belonged to a process that died. */
  staleClaimMs?: number;
}

export class SourceJobs {
  readonly #deps: SourceJobsDeps;
  readonly #tasks: ScheduledTask[] = [];
  readonly #running = new Set<Promise<JobOutcome>>();

  constructor(deps: SourceJobsDeps) {
    this.#deps = deps;
  }

  get names(): string[] {
    return this.#deps.jobs.map((j) => j.name);
  }

  /** Starts a cron task per job and runs each job's latest firing if no replica has. */
  async start(): Promise<void> {
    for (const job of this.#deps.jobs) {
      const task = createTask(job.cron, () => this.#track(job).then(() => undefined), {
        timezone: 'UTC',
        name: `source-${job.name}`,
        noOverlap: true,
      });
      await task.start();
      this.#tasks.push(task);
    }
    // Not awaited: a first poll of many feeds must not hold up serving.
    for (const job of this.#deps.jobs) void this.#track(job);
  }

  /** Stops the cron tasks and waits (at most `graceMs`) for runs in flight. */
  async stop(graceMs = 10_000): Promise<void> {
    for (const task of this.#tasks.splice(0)) await task.destroy();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#running]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  #track(job: NamedJob): Promise<JobOutcome> {
    const run = this.runDue(job);
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
    return run;
  }

  /** Claims and runs the job's latest firing at or before `at`, unless a replica already has. */
  async runDue(job: NamedJob, at: Date = this.#deps.clock.now()): Promise<JobOutcome> {
    const { store, calendar, clock, logger } = this.#deps;
    try {
      const slot = calendar.previous(job.cron, 'UTC', at);
      if (!slot) return 'not-due';
      const now = clock.now();
      const claimed = await store.claimJobRun({
        job: job.name,
        slot: slot.toISOString(),
        claimedBy: this.#deps.instanceId,
        claimedAt: now.toISOString(),
        staleBefore: new Date(
          now.getTime() - (this.#deps.staleClaimMs ?? 60 * 60_000),
        ).toISOString(),
      });
      if (!claimed) return 'claimed-elsewhere';
      let status: 'done' | 'failed' = 'done';
      let summary: string;
      try {
        summary = await job.run();
        logger.info('source job ran', { job: job.name, slot: slot.toISOString(), summary });
      } catch (error) {
        status = 'failed';
        summary = (error as Error)?.message ?? String(error);
        logger.error('source job failed', { job: job.name, slot: slot.toISOString(), error });
      }
      await store.finishJobRun({
        job: job.name,
        slot: slot.toISOString(),
        status,
        finishedAt: clock.now().toISOString(),
        summary,
      });
      return status;
    } catch (error) {
      // The store itself failed: log it; the next firing tries again.
      logger.error('source job could not run', { job: job.name, error });
      return 'failed';
    }
  }
}
