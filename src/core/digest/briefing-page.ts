/**
 * @module A destination's briefing with everything it set: its filters, watched actors, focus and
 * item limit, for any period and any page. On demand ("digest now", "digest week"), on schedule,
 * and for "more" in a briefing's thread, which rebuilds that briefing and shows its next page.
 */
import type { Answer } from '../model/answer.ts';
import { EMPTY_FOCUS, type Focus } from '../model/briefing-profile.ts';
import type { Digest } from '../model/digest.ts';
import type { DestinationRef, DigestFilters, Subscription } from '../model/subscription.ts';
import type { DigestItemRef } from '../model/thread.ts';
import type { Tlp } from '../model/tlp.ts';
import type { SubscriptionStore } from '../ports/subscription-store.ts';
import { buildDigest, type DigestSourceStore } from './build-digest.ts';
import { digestAnswer, digestItemRefs } from './digest-answer.ts';

export interface BriefingSettings {
  filters: DigestFilters | undefined;
  watched: string[];
  focus: Focus;
  limit: number | undefined;
  /** 'silent': the briefing does not count what it left out above the clearance. */
  withheldNotice: 'count' | 'silent';
}

export type PageStore = DigestSourceStore &
  Pick<SubscriptionStore, 'subscriptionFor' | 'watchesFor' | 'briefingProfileFor'>;

/** What a destination set for its briefings; a subscription already read is passed in. */
export async function briefingSettings(
  store: PageStore,
  destination: DestinationRef,
  subscription?: Subscription,
): Promise<BriefingSettings> {
  const [sub, watches, profile] = await Promise.all([
    subscription ?? store.subscriptionFor(destination),
    store.watchesFor(destination),
    store.briefingProfileFor(destination),
  ]);
  return {
    filters: sub?.filters,
    watched: watches.map((w) => w.actor),
    focus: profile?.focus ?? EMPTY_FOCUS,
    limit: profile?.itemLimit ?? undefined,
    withheldNotice: profile?.withheldNotice ?? 'count',
  };
}

export interface PageRequest {
  from: string;
  to: string;
  clearance: Tlp;
  now: Date;
  title?: string;
  /** Index of the first item shown (0 for a new briefing). */
  offset?: number;
  timezoneLabel?: string;
  moreHint?: string;
}

export async function briefingPage(
  store: PageStore,
  destination: DestinationRef,
  request: PageRequest,
  settings?: BriefingSettings,
): Promise<{ digest: Digest; answer: Answer; digestItems: DigestItemRef[] }> {
  const s = settings ?? (await briefingSettings(store, destination));
  const digest = await buildDigest(store, {
    from: request.from,
    to: request.to,
    clearance: request.clearance,
    filters: s.filters,
    watched: s.watched,
    focus: s.focus,
    limit: s.limit,
    offset: request.offset,
    ...(request.title ? { title: request.title } : {}),
    now: request.now,
  });
  if (s.withheldNotice === 'silent') digest.stats.withheld = 0;
  const answer = digestAnswer(digest, {
    ...(request.timezoneLabel ? { timezoneLabel: request.timezoneLabel } : {}),
    ...(request.moreHint ? { moreHint: request.moreHint } : {}),
  });
  return { digest, answer, digestItems: digestItemRefs(digest) };
}

/**
 * The next page of the briefing a thread remembers, or why there is none. The thread's items
 * come back with what this page showed marked as shown.
 */
export async function nextPage(
  store: PageStore,
  destination: DestinationRef & { clearance: Tlp },
  remembered: DigestItemRef[],
  now: Date,
): Promise<
  { answer: Answer; digestItems: DigestItemRef[] } | { reason: 'no-briefing' | 'all-shown' }
> {
  const period = remembered.find((r) => r.period)?.period;
  if (!period) return { reason: 'no-briefing' };
  const offset = remembered.filter((r) => r.shown).length;
  if (offset >= remembered.length) return { reason: 'all-shown' };
  const page = await briefingPage(store, destination, {
    from: period.from,
    to: period.to,
    clearance: destination.clearance,
    now,
    title: 'More from this briefing',
    offset,
  });
  const shownNow = new Set(page.digest.items.map((i) => i.n));
  const byN = new Map(page.digestItems.map((r) => [r.n, r]));
  const digestItems = remembered.map((r) =>
    shownNow.has(r.n) ? { ...(byN.get(r.n) ?? r), shown: true } : r,
  );
  // A story that arrived in the period's store after the first build is appended, not lost.
  for (const r of page.digestItems) if (r.n > remembered.length) digestItems.push(r);
  return { answer: page.answer, digestItems };
}
