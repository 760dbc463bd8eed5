/**
 * @module LeaseStore on PostgreSQL: briefing-period claims and the alert queue, exactly once
 * across replicas. A claim is an insert-or-nothing on the period's key, or a conditional update
 * that PostgreSQL re-checks after waiting for a competing one; alerts are claimed with
 * FOR UPDATE SKIP LOCKED, so two pollers never take the same alert.
 */
import type { LeaseStore } from '../../core/ports/lease-store.ts';
import { toAlert, toRun } from '../rows.ts';
import { toJobRun } from '../source-rows.ts';
import type { PostgresDatabase } from './database.ts';

export function postgresLeaseStore(db: PostgresDatabase): LeaseStore {
  return {
    async claimDigestRun(run) {
      const inserted = await db.run(
        `INSERT INTO digest_runs (subscription_id, period_end, period_start, status, claimed_by, claimed_at)
         VALUES ($1, $2, $3, 'claimed', $4, $5) ON CONFLICT DO NOTHING`,
        [run.subscriptionId, run.periodEnd, run.periodStart, run.claimedBy, run.claimedAt],
      );
      if (inserted > 0) return true;
      // A claim whose scheduler died before finishing may be taken over once it is stale; of two
      // replicas taking it over at once, the second re-reads the row after the first and finds it fresh.
      const stolen = await db.run(
        `UPDATE digest_runs SET claimed_by = $1, claimed_at = $2
         WHERE subscription_id = $3 AND period_end = $4 AND status = 'claimed' AND claimed_at < $5`,
        [run.claimedBy, run.claimedAt, run.subscriptionId, run.periodEnd, run.staleBefore],
      );
      return stolen > 0;
    },
    async finishDigestRun(u) {
      await db.run(
        `UPDATE digest_runs SET status = $1, attempts = $2, last_error = $3, thread_id = $4, message_ids = $5,
           posted_at = $6
         WHERE subscription_id = $7 AND period_end = $8`,
        [
          u.status,
          u.attempts,
          u.lastError,
          u.threadId,
          JSON.stringify(u.messageIds),
          u.postedAt,
          u.subscriptionId,
          u.periodEnd,
        ],
      );
    },
    async digestRuns(subscriptionId) {
      return (
        await db.rows('SELECT * FROM digest_runs WHERE subscription_id = $1 ORDER BY period_end', [
          subscriptionId,
        ])
      ).map(toRun);
    },
    async lastCompletedRun(subscriptionId) {
      const [row] = await db.rows(
        `SELECT * FROM digest_runs WHERE subscription_id = $1 AND status IN ('posted', 'empty')
         ORDER BY period_end DESC LIMIT 1`,
        [subscriptionId],
      );
      return row ? toRun(row) : undefined;
    },

    async queueAlerts(alerts) {
      if (alerts.length === 0) return 0;
      return db.run(
        `INSERT INTO alerts (id, platform, channel, report_id, actor, status, created_at, attempts)
         SELECT u.id, u.platform, u.channel, u.report_id, u.actor, 'pending', u.created_at, 0
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
           AS u(id, platform, channel, report_id, actor, created_at, n)
         ORDER BY u.n
         ON CONFLICT DO NOTHING`,
        [
          alerts.map((a) => a.id),
          alerts.map((a) => a.destination.platform),
          alerts.map((a) => a.destination.channel),
          alerts.map((a) => a.reportId),
          alerts.map((a) => a.actor),
          alerts.map((a) => a.createdAt),
        ],
      );
    },
    async claimAlerts(claimedAt, staleBefore, limit) {
      const rows = await db.rows(
        `UPDATE alerts SET status = 'claimed', claimed_at = $1
         WHERE id IN (
           SELECT id FROM alerts
           WHERE status = 'pending' OR (status = 'claimed' AND claimed_at < $2)
           ORDER BY created_at, id LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [claimedAt, staleBefore, limit],
      );
      return rows
        .map(toAlert)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1));
    },
    async finishAlert(id, status, attempts, lastError) {
      await db.run('UPDATE alerts SET status = $1, attempts = $2, last_error = $3 WHERE id = $4', [
        status,
        attempts,
        lastError,
        id,
      ]);
    },

    async claimJobRun(run) {
      const inserted = await db.run(
        `INSERT INTO job_runs (job, slot, status, claimed_by, claimed_at)
         VALUES ($1, $2, 'claimed', $3, $4) ON CONFLICT DO NOTHING`,
        [run.job, run.slot, run.claimedBy, run.claimedAt],
      );
      if (inserted > 0) return true;
      const stolen = await db.run(
        `UPDATE job_runs SET claimed_by = $1, claimed_at = $2
         WHERE job = $3 AND slot = $4 AND status = 'claimed' AND claimed_at < $5`,
        [run.claimedBy, run.claimedAt, run.job, run.slot, run.staleBefore],
      );
      return stolen > 0;
    },
    async finishJobRun(u) {
      await db.run(
        'UPDATE job_runs SET status = $1, finished_at = $2, summary = $3 WHERE job = $4 AND slot = $5',
        [u.status, u.finishedAt, u.summary, u.job, u.slot],
      );
    },
    async jobRuns(job, limit) {
      return (
        await db.rows('SELECT * FROM job_runs WHERE job = $1 ORDER BY slot DESC LIMIT $2', [
          job,
          limit,
        ])
      ).map(toJobRun);
    },
  };
}
