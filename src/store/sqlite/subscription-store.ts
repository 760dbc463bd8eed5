/** @module SubscriptionStore on SQLite: subscriptions (one per destination), watches, destination clearances, briefing profiles. */
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import { BriefingProfileSchema } from '../../core/model/briefing-profile.ts';
import { SubscriptionSchema, WatchSchema } from '../../core/model/subscription.ts';
import { TlpSchema } from '../../core/model/tlp.ts';
import type { SubscriptionStore } from '../../core/ports/subscription-store.ts';
import type { Row } from '../rows.ts';
import type { SqliteDatabase } from './database.ts';

export function sqliteSubscriptionStore(db: SqliteDatabase): SubscriptionStore {
  return {
    async saveSubscription(s) {
      const body = JSON.stringify(SubscriptionSchema.parse(s));
      db.transaction(() => {
        db.statement(
          'DELETE FROM subscriptions WHERE platform = ? AND channel = ? AND id <> ?',
        ).run(s.destination.platform, s.destination.channel, s.id);
        db.statement(
          `INSERT INTO subscriptions (id, platform, channel, body) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, channel = excluded.channel, body = excluded.body`,
        ).run(s.id, s.destination.platform, s.destination.channel, body);
      });
    },
    async removeSubscription(d) {
      const result = db
        .statement('DELETE FROM subscriptions WHERE platform = ? AND channel = ?')
        .run(d.platform, d.channel);
      return Number(result.changes) > 0;
    },
    async subscriptionFor(d) {
      const row = db
        .statement('SELECT body FROM subscriptions WHERE platform = ? AND channel = ?')
        .get(d.platform, d.channel);
      return row ? SubscriptionSchema.parse(JSON.parse(row.body as string)) : undefined;
    },
    async listSubscriptions() {
      return (
        db.statement('SELECT body FROM subscriptions ORDER BY platform, channel').all() as Row[]
      ).map((row) => SubscriptionSchema.parse(JSON.parse(row.body as string)));
    },

    async addWatch(w) {
      const result = db
        .statement(
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
    async removeWatch(d, actor) {
      const result = db
        .statement('DELETE FROM watches WHERE platform = ? AND channel = ? AND actor_key = ?')
        .run(d.platform, d.channel, aliasKey(actor));
      return Number(result.changes) > 0;
    },
    async watchesFor(d) {
      return (
        db
          .statement(
            'SELECT body FROM watches WHERE platform = ? AND channel = ? ORDER BY actor_key',
          )
          .all(d.platform, d.channel) as Row[]
      ).map((row) => WatchSchema.parse(JSON.parse(row.body as string)));
    },
    async watchesOn(actors) {
      const keys = [...new Set(actors.map(aliasKey))];
      if (keys.length === 0) return [];
      return (
        db
          .statement(
            `SELECT body FROM watches WHERE actor_key IN (SELECT value FROM json_each(?))
             ORDER BY platform, channel, actor_key`,
          )
          .all(JSON.stringify(keys)) as Row[]
      ).map((row) => WatchSchema.parse(JSON.parse(row.body as string)));
    },

    async clearanceOf(d) {
      const row = db
        .statement(
          'SELECT clearance FROM destination_clearances WHERE platform = ? AND channel = ?',
        )
        .get(d.platform, d.channel);
      return row ? TlpSchema.parse(row.clearance) : undefined;
    },
    async setClearance(d, clearance, by, at) {
      db.statement(
        `INSERT INTO destination_clearances (platform, channel, clearance, set_by, set_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel) DO UPDATE SET clearance = excluded.clearance, set_by = excluded.set_by, set_at = excluded.set_at`,
      ).run(d.platform, d.channel, clearance, by, at);
    },

    async briefingProfileFor(d) {
      const row = db
        .statement('SELECT body FROM briefing_profiles WHERE platform = ? AND channel = ?')
        .get(d.platform, d.channel);
      return row ? BriefingProfileSchema.parse(JSON.parse(row.body as string)) : undefined;
    },
    async saveBriefingProfile(profile) {
      const p = BriefingProfileSchema.parse(profile);
      db.statement(
        `INSERT INTO briefing_profiles (platform, channel, body, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, channel) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
      ).run(p.destination.platform, p.destination.channel, JSON.stringify(p), p.updatedAt);
    },
  };
}
