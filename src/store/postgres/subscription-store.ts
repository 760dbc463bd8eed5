/** @module SubscriptionStore on PostgreSQL: subscriptions (one per destination), watches, destination clearances, briefing profiles. */
import { aliasKey } from '../../core/analysis/catalog/catalog.ts';
import { BriefingProfileSchema } from '../../core/model/briefing-profile.ts';
import { SubscriptionSchema, WatchSchema } from '../../core/model/subscription.ts';
import { TlpSchema } from '../../core/model/tlp.ts';
import type { SubscriptionStore } from '../../core/ports/subscription-store.ts';
import type { PostgresDatabase } from './database.ts';

export function postgresSubscriptionStore(db: PostgresDatabase): SubscriptionStore {
  return {
    async saveSubscription(s) {
      const body = JSON.stringify(SubscriptionSchema.parse(s));
      await db.transaction(async (tx) => {
        await tx.run(
          'DELETE FROM subscriptions WHERE platform = $1 AND channel = $2 AND id <> $3',
          [s.destination.platform, s.destination.channel, s.id],
        );
        await tx.run(
          `INSERT INTO subscriptions (id, platform, channel, body) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, channel = excluded.channel, body = excluded.body`,
          [s.id, s.destination.platform, s.destination.channel, body],
        );
      });
    },
    async removeSubscription(d) {
      return (
        (await db.run('DELETE FROM subscriptions WHERE platform = $1 AND channel = $2', [
          d.platform,
          d.channel,
        ])) > 0
      );
    },
    async subscriptionFor(d) {
      const [row] = await db.rows(
        'SELECT body FROM subscriptions WHERE platform = $1 AND channel = $2',
        [d.platform, d.channel],
      );
      return row ? SubscriptionSchema.parse(JSON.parse(row.body as string)) : undefined;
    },
    async listSubscriptions() {
      return (await db.rows('SELECT body FROM subscriptions ORDER BY platform, channel')).map(
        (row) => SubscriptionSchema.parse(JSON.parse(row.body as string)),
      );
    },

    async addWatch(w) {
      const inserted = await db.run(
        'INSERT INTO watches (platform, channel, actor_key, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [
          w.destination.platform,
          w.destination.channel,
          aliasKey(w.actor),
          JSON.stringify(WatchSchema.parse(w)),
        ],
      );
      return inserted > 0;
    },
    async removeWatch(d, actor) {
      return (
        (await db.run(
          'DELETE FROM watches WHERE platform = $1 AND channel = $2 AND actor_key = $3',
          [d.platform, d.channel, aliasKey(actor)],
        )) > 0
      );
    },
    async watchesFor(d) {
      return (
        await db.rows(
          'SELECT body FROM watches WHERE platform = $1 AND channel = $2 ORDER BY actor_key',
          [d.platform, d.channel],
        )
      ).map((row) => WatchSchema.parse(JSON.parse(row.body as string)));
    },
    async watchesOn(actors) {
      const keys = [...new Set(actors.map(aliasKey))];
      if (keys.length === 0) return [];
      return (
        await db.rows(
          `SELECT body FROM watches WHERE actor_key = ANY($1::text[])
           ORDER BY platform, channel, actor_key`,
          [keys],
        )
      ).map((row) => WatchSchema.parse(JSON.parse(row.body as string)));
    },

    async clearanceOf(d) {
      const [row] = await db.rows(
        'SELECT clearance FROM destination_clearances WHERE platform = $1 AND channel = $2',
        [d.platform, d.channel],
      );
      return row ? TlpSchema.parse(row.clearance) : undefined;
    },
    async setClearance(d, clearance, by, at) {
      await db.run(
        `INSERT INTO destination_clearances (platform, channel, clearance, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, channel) DO UPDATE SET clearance = excluded.clearance, set_by = excluded.set_by, set_at = excluded.set_at`,
        [d.platform, d.channel, clearance, by, at],
      );
    },

    async briefingProfileFor(d) {
      const [row] = await db.rows(
        'SELECT body FROM briefing_profiles WHERE platform = $1 AND channel = $2',
        [d.platform, d.channel],
      );
      return row ? BriefingProfileSchema.parse(JSON.parse(row.body as string)) : undefined;
    },
    async saveBriefingProfile(profile) {
      const p = BriefingProfileSchema.parse(profile);
      await db.run(
        `INSERT INTO briefing_profiles (platform, channel, body, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, channel) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
        [p.destination.platform, p.destination.channel, JSON.stringify(p), p.updatedAt],
      );
    },
  };
}
