/** @module Subscriptions, watches, clearances, briefing-run claims, alerts and seen events in SQLite. */
import type { DatabaseSync } from 'node:sqlite';
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import {
  type Alert,
  type DestinationRef,
  type DigestRun,
  type Subscription,
  SubscriptionSchema,
  type Watch,
  WatchSchema,
} from '../../core/model/subscription.ts';
import { type Tlp, TlpSchema } from '../../core/model/tlp.ts';
import type { SubscriptionStore } from '../../core/ports/subscription-store.ts';
import type { Row } from './rows.ts';

function toRun(row: Row): DigestRun {
  return {
    subscriptionId: row.subscription_id as string,
    periodEnd: row.period_end as string,
    periodStart: row.period_start as string,
    status: row.status as DigestRun['status'],
    claimedBy: row.claimed_by as string,
    claimedAt: row.claimed_at as string,
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
    threadId: (row.thread_id as string | null) ?? null,
    messageIds: JSON.parse(row.message_ids as string) as string[],
    postedAt: (row.posted_at as string | null) ?? null,
  };
}

function toAlert(row: Row): Alert {
  return {
    id: row.id as string,
    destination: { platform: row.platform as string, channel: row.channel as string },
    reportId: row.report_id as string,
    actor: row.actor as string,
    status: row.status as Alert['status'],
    createdAt: row.created_at as string,
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
  };
}

/** The SubscriptionStore half of the SQLite adapter; `transaction` is the store's own. */
export function sqliteSubscriptions(
  db: DatabaseSync,
  transaction: <T>(work: () => T) => T,
): SubscriptionStore {
  return {
    async saveSubscription(s: Subscription) {
      const body = JSON.stringify(SubscriptionSchema.parse(s));
      transaction(() => {
        db.prepare('DELETE FROM subscriptions WHERE platform = ? AND channel = ? AND id <> ?').run(
          s.destination.platform,
          s.destination.channel,
          s.id,
        );
        db.prepare(
          `INSERT INTO subscriptions (id, platform, channel, body) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, channel = excluded.channel, body = excluded.body`,
        ).run(s.id, s.destination.platform, s.destination.channel, body);
      });
    },
    async removeSubscription(d: DestinationRef) {
      return (
        Number(
          db
            .prepare('DELETE FROM subscriptions WHERE platform = ? AND channel = ?')
            .run(d.platform, d.channel).changes,
        ) > 0
      );
    },
    async subscriptionFor(d: DestinationRef) {
      const row = db
        .prepare('SELECT body FROM subscriptions WHERE platform = ? AND channel = ?')
        .get(d.platform, d.channel);
      return row ? SubscriptionSchema.parse(JSON.parse(row.body as string)) : undefined;
    },
    async listSubscriptions() {
      return (
        db.prepare('SELECT body FROM subscriptions ORDER BY platform, channel').all() as Row[]
      ).map((row) => SubscriptionSchema.parse(JSON.parse(row.body as string)));
    },

    async addWatch(w: Watch) {
      const result = db
        .prepare(
          'INSERT INTO watches (platform, channel, actor_key, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(
          w.destination.platform,
          w.destination.channel,
          aliasKey(w.actor),
          JSON.stringify(WatchSchema.parse(w)),
        );
      return Number(result.changes) > 0;
    },
    async removeWatch(d: DestinationRef, actor: string) {
      return (
        Number(
          db
            .prepare('DELETE FROM watches WHERE platform = ? AND channel = ? AND actor_key = ?')
            .run(d.platform, d.channel, aliasKey(actor)).changes,
        ) > 0
      );
    },
    async watchesFor(d: DestinationRef) {
      return (
        db
          .prepare('SELECT body FROM watches WHERE platform = ? AND channel = ? ORDER BY actor_key')
          .all(d.platform, d.channel) as Row[]
      ).map((row) => WatchSchema.parse(JSON.parse(row.body as string)));
    },
    async watchesOn(actors: string[]) {
      const keys = [...new Set(actors.map(aliasKey))];
      if (keys.length === 0) return [];
      return (
        db
          .prepare(
            `SELECT body FROM watches WHERE actor_key IN (${keys.map(() => '?').join(', ')}) ORDER BY platform, channel, actor_key`,
          )
          .all(...keys) as Row[]
      ).map((row) => WatchSchema.parse(JSON.parse(row.body as string)));
    },

    async clearanceOf(d: DestinationRef) {
      const row = db
        .prepare('SELECT clearance FROM destination_clearances WHERE platform = ? AND channel = ?')
        .get(d.platform, d.channel);
      return row ? TlpSchema.parse(row.clearance) : undefined;
    },
    async setClearance(d: DestinationRef, clearance: Tlp, by: string, at: string) {
      db.prepare(
        `INSERT INTO destination_clearances (platform, channel, clearance, set_by, set_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel) DO UPDATE SET clearance = excluded.clearance, set_by = excluded.set_by, set_at = excluded.set_at`,
      ).run(d.platform, d.channel, clearance, by, at);
    },

    async claimDigestRun(run) {
      return transaction(() => {
        const inserted = db
          .prepare(
            `INSERT INTO digest_runs (subscription_id, period_end, period_start, status, claimed_by, claimed_at)
             VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(run.subscriptionId, run.periodEnd, run.periodStart, run.claimedBy, run.claimedAt);
        if (Number(inserted.changes) > 0) return true;
        // A claim whose scheduler died before finishing may be taken over once it is stale.
        const stolen = db
          .prepare(
            `UPDATE digest_runs SET claimed_by = ?, claimed_at = ?
             WHERE subscription_id = ? AND period_end = ? AND status = 'claimed' AND claimed_at < ?`,
          )
          .run(run.claimedBy, run.claimedAt, run.subscriptionId, run.periodEnd, run.staleBefore);
        return Number(stolen.changes) > 0;
      });
    },
    async finishDigestRun(u) {
      db.prepare(
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
    async digestRuns(subscriptionId: string) {
      return (
        db
          .prepare('SELECT * FROM digest_runs WHERE subscription_id = ? ORDER BY period_end')
          .all(subscriptionId) as Row[]
      ).map(toRun);
    },
    async lastCompletedRun(subscriptionId: string) {
      const row = db
        .prepare(
          `SELECT * FROM digest_runs WHERE subscription_id = ? AND status IN ('posted', 'empty') ORDER BY period_end DESC LIMIT 1`,
        )
        .get(subscriptionId);
      return row ? toRun(row as Row) : undefined;
    },

    async queueAlerts(alerts: Alert[]) {
      const insert = db.prepare(
        `INSERT INTO alerts (id, platform, channel, report_id, actor, status, created_at, attempts)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, 0) ON CONFLICT DO NOTHING`,
      );
      return transaction(() => {
        let added = 0;
        for (const a of alerts) {
          added += Number(
            insert.run(
              a.id,
              a.destination.platform,
              a.destination.channel,
              a.reportId,
              a.actor,
              a.createdAt,
            ).changes,
          );
        }
        return added;
      });
    },
    async claimAlerts(claimedAt: string, staleBefore: string, limit: number) {
      return transaction(() => {
        const rows = db
          .prepare(
            `SELECT * FROM alerts WHERE status = 'pending' OR (status = 'claimed' AND claimed_at < ?)
             ORDER BY created_at, id LIMIT ?`,
          )
          .all(staleBefore, limit) as Row[];
        const claim = db.prepare(
          `UPDATE alerts SET status = 'claimed', claimed_at = ? WHERE id = ?`,
        );
        for (const row of rows) claim.run(claimedAt, row.id as string);
        return rows.map((row) => ({ ...toAlert(row), status: 'claimed' as const }));
      });
    },
    async finishAlert(
      id: string,
      status: 'posted' | 'failed',
      attempts: number,
      lastError: string | null,
    ) {
      db.prepare('UPDATE alerts SET status = ?, attempts = ?, last_error = ? WHERE id = ?').run(
        status,
        attempts,
        lastError,
        id,
      );
    },

    async claimEvent(platform: string, eventId: string, at: string) {
      const result = db
        .prepare(
          'INSERT INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(platform, eventId, at);
      return Number(result.changes) > 0;
    },
  };
}
