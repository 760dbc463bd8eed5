/**
 * @module LeaseStore on SQLite: briefing-period claims and the watch-alert queue. Every claim is
 * an insert-or-nothing or a conditional update inside a write transaction, so two processes on
 * one file never both win.
 */
import type { LeaseStore } from '../../core/ports/lease-store.ts';
import { type Row, toAlert, toRun } from '../rows.ts';
import { toJobRun } from '../source-rows.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteLeaseStore(db: SqliteDatabase): LeaseStore {
  return {
    async claimDigestRun(run) {
      return db.transaction(() => {
        const inserted = db
          .statement(
            `INSERT INTO digest_runs (subscription_id, period_end, period_start, status, claimed_by, claimed_at)
             VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(run.subscriptionId, run.periodEnd, run.periodStart, run.claimedBy, run.claimedAt);
        if (Number(inserted.changes) > 0) return true;
        // A claim whose scheduler died before finishing may be taken over once it is stale.
        const stolen = db
          .statement(
            `UPDATE digest_runs SET claimed_by = ?, claimed_at = ?
             WHERE subscription_id = ? AND period_end = ? AND status = 'claimed' AND claimed_at < ?`,
          )
          .run(run.claimedBy, run.claimedAt, run.subscriptionId, run.periodEnd, run.staleBefore);
        return Number(stolen.changes) > 0;
      });
    },
    async finishDigestRun(u) {
      db.statement(
        `UPDATE digest_runs SET status = ?, attempts = ?, last_error = ?, thread_id = ?, message_ids = ?, posted_at = ?
         WHERE subscription_id = ? AND period_end = ?`,
      ).run(
        u.status,
        u.attempts,
        u.lastError,
        u.threadId,
        JSON.stringify(u.messageIds),
        u.postedAt,
        u.subscriptionId,
        u.periodEnd,
      );
    },
    async digestRuns(subscriptionId) {
      return (
        db
          .statement('SELECT * FROM digest_runs WHERE subscription_id = ? ORDER BY period_end')
          .all(subscriptionId) as Row[]
      ).map(toRun);
    },
    async lastCompletedRun(subscriptionId) {
      const row = db
        .statement(
          `SELECT * FROM digest_runs WHERE subscription_id = ? AND status IN ('posted', 'empty')
           ORDER BY period_end DESC LIMIT 1`,
        )
        .get(subscriptionId);
      return row ? toRun(row as Row) : undefined;
    },

    async queueAlerts(alerts) {
      const insert = db.statement(
        `INSERT INTO alerts (id, platform, channel, report_id, actor, status, created_at, attempts)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, 0) ON CONFLICT DO NOTHING`,
      );
      return db.transaction(() => {
        let added = 0;
        for (const a of alerts) {
          const result = insert.run(
            a.id,
            a.destination.platform,
            a.destination.channel,
            a.reportId,
            a.actor,
            a.createdAt,
          );
          added += Number(result.changes);
        }
        return added;
      });
    },
    async claimAlerts(claimedAt, staleBefore, limit) {
      return db.transaction(() => {
        const rows = db
          .statement(
            `SELECT * FROM alerts WHERE status = 'pending' OR (status = 'claimed' AND claimed_at < ?)
             ORDER BY created_at, id LIMIT ?`,
          )
          .all(staleBefore, limit) as Row[];
        const claim = db.statement(
          `UPDATE alerts SET status = 'claimed', claimed_at = ? WHERE id = ?`,
        );
        for (const row of rows) claim.run(claimedAt, row.id as string);
        return rows.map((row) => ({ ...toAlert(row), status: 'claimed' as const }));
      });
    },
    async finishAlert(id, status, attempts, lastError) {
      db.statement('UPDATE alerts SET status = ?, attempts = ?, last_error = ? WHERE id = ?').run(
        status,
        attempts,
        lastError,
        id,
      );
    },

    async claimJobRun(run) {
      return db.transaction(() => {
        const inserted = db
          .statement(
            `INSERT INTO job_runs (job, slot, status, claimed_by, claimed_at)
             VALUES (?, ?, 'claimed', ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(run.job, run.slot, run.claimedBy, run.claimedAt);
        if (Number(inserted.changes) > 0) return true;
        const stolen = db
          .statement(
            `UPDATE job_runs SET claimed_by = ?, claimed_at = ?
             WHERE job = ? AND slot = ? AND status = 'claimed' AND claimed_at < ?`,
          )
          .run(run.claimedBy, run.claimedAt, run.job, run.slot, run.staleBefore);
        return Number(stolen.changes) > 0;
      });
    },
    async finishJobRun(u) {
      db.statement(
        'UPDATE job_runs SET status = ?, finished_at = ?, summary = ? WHERE job = ? AND slot = ?',
      ).run(u.status, u.finishedAt, u.summary, u.job, u.slot);
    },
    async jobRuns(job, limit) {
      return (
        db
          .statement('SELECT * FROM job_runs WHERE job = ? ORDER BY slot DESC LIMIT ?')
          .all(job, limit) as Row[]
      ).map(toJobRun);
    },
  };
}
