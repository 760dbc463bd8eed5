/**
 * @module LeaseStore port (role: leases and run claims): work that must happen once however many
 * replicas share the store (a briefing period, a watch alert), claimed by one process, and
 * taken over when its claimant died before finishing.
 */
import type { JobRun } from '../model/source.ts';
import type { Alert, DigestRun } from '../model/subscription.ts';

export interface LeaseStore {
  /**
   * Claims a briefing period for one scheduler. True only for the first claimant (across
   * processes sharing the store), or when an earlier claim is older than `staleBefore` and
   * never finished (its scheduler died).
   */
  claimDigestRun(run: {
    subscriptionId: string;
    periodStart: string;
    periodEnd: string;
    claimedBy: string;
    claimedAt: string;
    staleBefore: string;
  }): Promise<boolean>;
  finishDigestRun(update: {
    subscriptionId: string;
    periodEnd: string;
    status: 'posted' | 'empty' | 'failed';
    attempts: number;
    lastError: string | null;
    threadId: string | null;
    messageIds: string[];
    postedAt: string | null;
  }): Promise<void>;
  digestRuns(subscriptionId: string): Promise<DigestRun[]>;
  /** The latest period that was posted (or found empty) for a subscription. */
  lastCompletedRun(subscriptionId: string): Promise<DigestRun | undefined>;

  /** Queues alerts, once per (destination, report, actor); returns how many were new. */
  queueAlerts(alerts: Alert[]): Promise<number>;
  /**
   * Claims up to `limit` pending alerts (or claims left stale) for posting; an alert goes to
   * one claimant however many replicas ask at once.
   */
  claimAlerts(claimedAt: string, staleBefore: string, limit: number): Promise<Alert[]>;
  finishAlert(
    id: string,
    status: 'posted' | 'failed',
    attempts: number,
    lastError: string | null,
  ): Promise<void>;

  /**
   * Claims one slot (a cron firing) of a named job (feed polls, TAXII pulls, catalog sync), as a
   * briefing period is claimed: true for the first claimant only, or when an unfinished claim is
   * older than `staleBefore`.
   */
  claimJobRun(run: {
    job: string;
    slot: string;
    claimedBy: string;
    claimedAt: string;
    staleBefore: string;
  }): Promise<boolean>;
  finishJobRun(update: {
    job: string;
    slot: string;
    status: 'done' | 'failed';
    finishedAt: string;
    summary: string | null;
  }): Promise<void>;
  /** The latest runs of a job, newest first. */
  jobRuns(job: string, limit: number): Promise<JobRun[]>;
}
