/**
 * @module Scheduled briefings, exactly once per period: the runner finds the period a
 * subscription is due for, claims it in the shared store (only one scheduler wins, across
 * restarts and replicas), builds the briefing, archives it, posts it (the destination retries
 * each part; nothing is re-posted from here), and records
 * the outcome with the posted message ids so readers can follow up in its thread.
 */
import type { Answer } from '../model/answer.ts';
import type { Subscription } from '../model/subscription.ts';
import type { DigestItemRef } from '../model/thread.ts';
import type { BriefingArchive } from '../ports/briefing-archive.ts';
import type { ChatDestination, PostedMessage } from '../ports/chat-destination.ts';
import type { Clock } from '../ports/clock.ts';
import type { CronCalendar } from '../ports/cron-calendar.ts';
import type { LeaseStore } from '../ports/lease-store.ts';
import type { Logger } from '../ports/logger.ts';
import type { SubscriptionStore } from '../ports/subscription-store.ts';
import { briefingPage, briefingSettings } from './briefing-page.ts';
import type { DigestSourceStore } from './build-digest.ts';
import { localDay } from './schedule-spec.ts';

export type RunOutcome =
  | 'posted'
  | 'empty'
  | 'not-due'
  | 'claimed-elsewhere'
  | 'failed'
  | 'skipped-missed';

export interface DigestRunnerDeps {
  store: DigestSourceStore & SubscriptionStore & LeaseStore;
  calendar: CronCalendar;
  clock: Clock;
  destinations: Map<string, ChatDestination>;
  archive: BriefingArchive;
  remember: (
    threadId: string,
    posted: { answer: Answer; digestItems?: DigestItemRef[] },
  ) => Promise<void>;
  renderMarkdown: (answer: Answer) => string;
  logger: Logger;
  /** Identifies this process in claims ("host:pid"). */
  instanceId: string;
  /** Post a period missed while the bot was down once it is back (DIGEST_CATCH_UP). */
  catchUp: boolean;
  /** How late a firing may be handled and still count as on time (cron jitter, slow start). */
  onTimeMs?: number;
  /** An unfinished claim older than this belonged to a process that died; take it over. */
  staleClaimMs?: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export class DigestRunner {
  readonly #deps: DigestRunnerDeps;

  constructor(deps: DigestRunnerDeps) {
    this.#deps = deps;
  }

  /** The next firings of a subscription after `from`, for `threatbrief schedule`. */
  nextRuns(subscription: Subscription, from: Date, count: number): Date[] {
    const out: Date[] = [];
    let at = from;
    while (out.length < count) {
      const next = this.#deps.calendar.next(subscription.cron, subscription.timezone, at);
      if (!next) break;
      out.push(next);
      at = next;
    }
    return out;
  }

  /**
   * Handles the latest firing at or before `at` if nobody has: the one entry point for cron
   * ticks, start-up catch-up and tests with an injected clock.
   */
  async runDue(subscription: Subscription, at: Date = this.#deps.clock.now()): Promise<RunOutcome> {
    const { store, calendar, clock, logger } = this.#deps;
    const fire = calendar.previous(subscription.cron, subscription.timezone, at);
    if (!fire) return 'not-due';
    const last = await store.lastCompletedRun(subscription.id);
    if (last && last.periodEnd >= fire.toISOString()) return 'not-due';
    const late = at.getTime() - fire.getTime() > (this.#deps.onTimeMs ?? 5 * MINUTE);
    if (late && !this.#deps.catchUp) return 'skipped-missed';
    const previousFire = calendar.previous(
      subscription.cron,
      subscription.timezone,
      new Date(fire.getTime() - MINUTE),
    );
    const periodStart =
      last?.periodEnd ??
      previousFire?.toISOString() ??
      new Date(fire.getTime() - DAY).toISOString();
    const now = clock.now();
    const claimed = await store.claimDigestRun({
      subscriptionId: subscription.id,
      periodStart,
      periodEnd: fire.toISOString(),
      claimedBy: this.#deps.instanceId,
      claimedAt: now.toISOString(),
      staleBefore: new Date(now.getTime() - (this.#deps.staleClaimMs ?? 10 * MINUTE)).toISOString(),
    });
    if (!claimed) return 'claimed-elsewhere';
    logger.info('briefing claimed', {
      subscription: subscription.id,
      from: periodStart,
      to: fire.toISOString(),
      late,
    });
    return this.#deliver(subscription, periodStart, fire, now);
  }

  async #deliver(
    subscription: Subscription,
    periodStart: string,
    fire: Date,
    now: Date,
  ): Promise<RunOutcome> {
    const { store, logger } = this.#deps;
    const finish = (
      status: 'posted' | 'empty' | 'failed',
      extra: Partial<{ attempts: number; lastError: string; posted: PostedMessage }> = {},
    ) =>
      store.finishDigestRun({
        subscriptionId: subscription.id,
        periodEnd: fire.toISOString(),
        status,
        attempts: extra.attempts ?? 0,
        lastError: extra.lastError ?? null,
        threadId: extra.posted?.threadId ?? null,
        messageIds: extra.posted?.messageIds ?? [],
        postedAt: extra.posted ? this.#deps.clock.now().toISOString() : null,
      });
    try {
      const settings = await briefingSettings(store, subscription.destination, subscription);
      const { digest, answer, digestItems } = await briefingPage(
        store,
        subscription.destination,
        {
          from: periodStart,
          to: fire.toISOString(),
          clearance: subscription.clearance,
          title: `Briefing ${localDay(fire, subscription.timezone)}`,
          now,
          timezoneLabel: subscription.timezone,
        },
        settings,
      );
      if (digest.items.length === 0 && !subscription.postEmpty) {
        await finish('empty');
        return 'empty';
      }
      const destinationName = `${subscription.destination.platform}-${subscription.destination.channel}`;
      await this.#deps.archive.write({
        day: localDay(fire, subscription.timezone),
        destination: destinationName,
        markdown: this.#deps.renderMarkdown(answer),
      });
      const destination = this.#deps.destinations.get(subscription.destination.platform);
      if (!destination)
        throw new Error(`no ${subscription.destination.platform} connection in this process`);
      // One attempt here: the destination retries each part of the post itself, and never
      // re-sends a part that was accepted. Retrying the whole post here would repeat those parts.
      const posted = await destination.post(subscription.destination.channel, { answer });
      const attempts = 1;
      await this.#deps.remember(posted.threadId, { answer, digestItems });
      await finish('posted', { attempts, posted });
      logger.info('briefing posted', {
        subscription: subscription.id,
        items: digest.items.length,
        messages: posted.messageIds.length,
      });
      return 'posted';
    } catch (error) {
      const message = (error as Error).message;
      logger.error('briefing failed', { subscription: subscription.id, error });
      await finish('failed', {
        attempts: (error as { attempts?: number }).attempts ?? 1,
        lastError: message,
      });
      return 'failed';
    }
  }
}
