/** @module The briefing and watch commands of the chat router: subscribe, unsubscribe, list, now, watch. */
import { randomUUID } from 'node:crypto';
import { resolveActor } from '../analysis/actor-dossier.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { closeNames } from '../answer/suggest.ts';
import type { Answer } from '../model/answer.ts';
import { parseReliability } from '../model/reliability.ts';
import type { DestinationRef, Subscription } from '../model/subscription.ts';
import type { DigestItemRef } from '../model/thread.ts';
import type { Tlp } from '../model/tlp.ts';
import type { Clock } from '../ports/clock.ts';
import type { CronCalendar } from '../ports/cron-calendar.ts';
import type { LeaseStore } from '../ports/lease-store.ts';
import type { SubscriptionStore } from '../ports/subscription-store.ts';
import { briefingPage, nextPage } from './briefing-page.ts';
import type { DigestSourceStore } from './build-digest.ts';
import { changeFocus, changeItemLimit } from './profile-commands.ts';
import { describeSchedule, localDay, localTime, parseScheduleSpec } from './schedule-spec.ts';

export interface BriefingDestination extends DestinationRef {
  clearance: Tlp;
}

export interface BriefingServiceDeps {
  store: DigestSourceStore & SubscriptionStore & Pick<LeaseStore, 'lastCompletedRun'>;
  analysis: AnalysisService;
  calendar: CronCalendar;
  clock: Clock;
  defaultTimezone: string;
  postEmpty: boolean;
  /** Builds a short Answer that states no report facts (confirmations, refusals). */
  notice: (input: {
    title: string;
    summary: string;
    clearance: Tlp;
    lines?: [string, string[]][];
  }) => Answer;
}

const DAY = 86_400_000;

export class BriefingService {
  readonly #deps: BriefingServiceDeps;

  constructor(deps: BriefingServiceDeps) {
    this.#deps = deps;
  }

  #next(subscription: Pick<Subscription, 'cron' | 'timezone'>): string {
    const next = this.#deps.calendar.next(
      subscription.cron,
      subscription.timezone,
      this.#deps.clock.now(),
    );
    return next ? localTime(next, subscription.timezone) : 'not within the next month';
  }

  async subscribe(
    destination: BriefingDestination,
    schedule: string[],
    user: string,
  ): Promise<Answer> {
    const { store, clock, notice } = this.#deps;
    const spec = parseScheduleSpec(schedule, this.#deps.defaultTimezone, this.#deps.calendar);
    if ('error' in spec)
      return notice({
        title: 'Not subscribed',
        summary: spec.error,
        clearance: destination.clearance,
      });
    const existing = await store.subscriptionFor(destination);
    const subscription: Subscription = {
      id: existing?.id ?? randomUUID(),
      destination: { platform: destination.platform, channel: destination.channel },
      cron: spec.cron,
      timezone: spec.timezone,
      clearance: destination.clearance,
      filters: existing?.filters ?? { actors: [], sectors: [], minReliability: null },
      postEmpty: existing?.postEmpty ?? this.#deps.postEmpty,
      createdBy: user,
      createdAt: clock.now().toISOString(),
    };
    await store.saveSubscription(subscription);
    return notice({
      title: existing ? 'Briefing schedule changed' : 'Subscribed to briefings',
      summary: `Briefing ${describeSchedule(spec)}, cleared for TLP:${destination.clearance}. Next: ${this.#next(spec)}.`,
      clearance: destination.clearance,
    });
  }

  async unsubscribe(destination: BriefingDestination): Promise<Answer> {
    const removed = await this.#deps.store.removeSubscription(destination);
    return this.#deps.notice({
      title: removed ? 'Unsubscribed' : 'No subscription',
      summary: removed
        ? 'This channel will get no more scheduled briefings.'
        : 'This channel had no briefing subscription.',
      clearance: destination.clearance,
    });
  }

  /** Narrows a channel's briefing (actors, sectors, minimum reliability) or sets what an empty day says. */
  async configure(
    destination: BriefingDestination,
    action: 'filter' | 'empty',
    args: string[],
  ): Promise<Answer> {
    const { store, analysis, notice } = this.#deps;
    const subscription = await store.subscriptionFor(destination);
    const say = (title: string, summary: string) =>
      notice({ title, summary, clearance: destination.clearance });
    if (!subscription)
      return say('No subscription', 'Subscribe first: digest subscribe 08:00 Europe/Berlin');
    const [what = '', ...rest] = args;
    const values = rest
      .join(' ')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    let updated: Subscription;
    if (action === 'empty') {
      if (what !== 'post' && what !== 'skip')
        return say('Briefings unchanged', 'Use: digest empty post | digest empty skip');
      updated = { ...subscription, postEmpty: what === 'post' };
    } else if (what === 'none' || what === 'clear') {
      updated = { ...subscription, filters: { actors: [], sectors: [], minReliability: null } };
    } else if (what === 'actors') {
      const actors: string[] = [];
      for (const name of values) {
        const actor = await resolveActor(store, await analysis.at(destination.clearance), name);
        if (!actor) return say('Briefings unchanged', `"${name}" is not a known actor.`);
        actors.push(actor);
      }
      updated = { ...subscription, filters: { ...subscription.filters, actors } };
    } else if (what === 'sectors') {
      updated = {
        ...subscription,
        filters: { ...subscription.filters, sectors: values.map((v) => v.toLowerCase()) },
      };
    } else if (what === 'reliability') {
      const grade = parseReliability(rest[0] ?? '');
      if (!grade)
        return say('Briefings unchanged', 'Use an Admiralty grade: digest filter reliability B');
      updated = { ...subscription, filters: { ...subscription.filters, minReliability: grade } };
    } else {
      return say(
        'Briefings unchanged',
        'Use: digest filter actors A, B | sectors S, T | reliability B | none',
      );
    }
    await store.saveSubscription(updated);
    const f = updated.filters;
    const parts = [
      f.actors.length ? `actors ${f.actors.join(', ')}` : null,
      f.sectors.length ? `sectors ${f.sectors.join(', ')}` : null,
      f.minReliability ? `reliability ${f.minReliability} or better` : null,
    ].filter(Boolean);
    return say(
      'Briefing settings changed',
      `${parts.length ? `Only stories with ${parts.join('; ')}` : 'All stories'}; ${updated.postEmpty ? 'a quiet day says "nothing new"' : 'a quiet day posts nothing'}.`,
    );
  }

  async list(destination: BriefingDestination): Promise<Answer> {
    const { store, notice } = this.#deps;
    const subscription = await store.subscriptionFor(destination);
    const watches = await store.watchesFor(destination);
    const lines: [string, string[]][] = [];
    if (watches.length) lines.push(['Watched actors', watches.map((w) => w.actor)]);
    if (!subscription) {
      return notice({
        title: 'Briefings',
        summary:
          'No scheduled briefing here. An admin can add one: digest subscribe 08:00 Europe/Berlin',
        clearance: destination.clearance,
        lines,
      });
    }
    const last = await store.lastCompletedRun(subscription.id);
    return notice({
      title: 'Briefings',
      summary: `Briefing ${describeSchedule(subscription)}, TLP:${subscription.clearance}. Next: ${this.#next(subscription)}.${last ? ` Last: ${localTime(new Date(last.periodEnd), subscription.timezone)}.` : ''}`,
      clearance: destination.clearance,
      lines,
    });
  }

  /** A briefing of what arrived since this destination's last scheduled one (or the last day). */
  async now(
    destination: BriefingDestination,
  ): Promise<{ answer: Answer; digestItems: DigestItemRef[] }> {
    const { store, clock } = this.#deps;
    const subscription = await store.subscriptionFor(destination);
    const last = subscription ? await store.lastCompletedRun(subscription.id) : undefined;
    const to = clock.now();
    const from = last?.periodEnd ?? new Date(to.getTime() - DAY).toISOString();
    const { answer, digestItems } = await briefingPage(store, destination, {
      from,
      to: to.toISOString(),
      clearance: destination.clearance,
      now: to,
      ...(subscription ? { timezoneLabel: subscription.timezone } : {}),
    });
    return { answer, digestItems };
  }

  /** The weekly roll-up: the last seven days as one briefing, stories merged across the days. */
  async week(
    destination: BriefingDestination,
  ): Promise<{ answer: Answer; digestItems: DigestItemRef[] }> {
    const { store, clock } = this.#deps;
    const to = clock.now();
    const subscription = await store.subscriptionFor(destination);
    const zone = subscription?.timezone ?? this.#deps.defaultTimezone;
    const { answer, digestItems } = await briefingPage(store, destination, {
      from: new Date(to.getTime() - 7 * DAY).toISOString(),
      to: to.toISOString(),
      clearance: destination.clearance,
      now: to,
      title: `Week to ${localDay(to, zone)}`,
      timezoneLabel: zone,
    });
    return { answer, digestItems };
  }

  /** The next page of the briefing whose thread this is ("more"). */
  async more(
    destination: BriefingDestination,
    remembered: DigestItemRef[],
  ): Promise<{ answer: Answer; digestItems: DigestItemRef[] }> {
    const result = await nextPage(
      this.#deps.store,
      destination,
      remembered,
      this.#deps.clock.now(),
    );
    if ('answer' in result) return result;
    return {
      answer: this.#deps.notice({
        title: 'Nothing more',
        summary:
          result.reason === 'all-shown'
            ? 'Every story of this briefing has been shown in this thread.'
            : 'There is no briefing in this thread. Try "digest now".',
        clearance: destination.clearance,
      }),
      digestItems: remembered,
    };
  }

  /** Shows or changes what this destination cares about (`digest focus ...`). */
  async focus(destination: BriefingDestination, args: string[], user: string): Promise<Answer> {
    const outcome = await changeFocus(this.#deps, destination, args, user);
    return this.#deps.notice({
      title: outcome.title,
      summary: outcome.message,
      clearance: destination.clearance,
    });
  }

  /** Sets how many items a briefing here shows before "N more stories" (`digest limit N`). */
  async limit(destination: BriefingDestination, args: string[], user: string): Promise<Answer> {
    const outcome = await changeItemLimit(this.#deps, destination, args, user);
    return this.#deps.notice({
      title: outcome.title,
      summary: outcome.message,
      clearance: destination.clearance,
    });
  }

  async watch(destination: BriefingDestination, name: string, user: string): Promise<Answer> {
    const { store, analysis, clock, notice } = this.#deps;
    // Names known only above this channel's clearance are unknown here, word for word.
    const view = await analysis.at(destination.clearance);
    const actor = await resolveActor(store, view, name);
    if (!actor) {
      const pairs: [string, string][] = view.catalog.entries
        .filter((e) => e.kind === 'actor')
        .flatMap((e) => [e.name, ...e.aliases].map((n): [string, string] => [n, e.name]));
      const close = closeNames(name, pairs);
      return notice({
        title: 'Not watching',
        summary: `"${name}" is not a known actor.${close.length ? ` Did you mean ${close.join(' or ')}?` : ''}`,
        clearance: destination.clearance,
      });
    }
    const added = await store.addWatch({
      destination: { platform: destination.platform, channel: destination.channel },
      actor,
      createdBy: user,
      createdAt: clock.now().toISOString(),
    });
    return notice({
      title: added ? `Watching ${actor}` : `Already watching ${actor}`,
      summary: `A new report naming ${actor} (any alias) will be announced here, within this channel's TLP:${destination.clearance} clearance.`,
      clearance: destination.clearance,
    });
  }

  async unwatch(destination: BriefingDestination, name: string): Promise<Answer> {
    const view = await this.#deps.analysis.at(destination.clearance);
    const actor = (await resolveActor(this.#deps.store, view, name)) ?? name;
    const removed = await this.#deps.store.removeWatch(destination, actor);
    return this.#deps.notice({
      title: removed ? `Stopped watching ${actor}` : `Was not watching ${actor}`,
      summary: removed ? 'No more alerts for it here.' : 'Nothing changed.',
      clearance: destination.clearance,
    });
  }

  async watches(destination: BriefingDestination): Promise<Answer> {
    const watches = await this.#deps.store.watchesFor(destination);
    return this.#deps.notice({
      title: 'Watched actors',
      summary: watches.length
        ? `${watches.length} watched here.`
        : 'No actor is watched here. An admin can add one: watch Volt Typhoon',
      clearance: destination.clearance,
      lines: watches.length ? [['Actors', watches.map((w) => w.actor)]] : [],
    });
  }
}
