/**
 * @module Changing a destination's briefing profile (`digest focus ...`, `digest limit N`), as
 * values: the outcome says what changed or why nothing did, and chat and the CLI word it.
 */
import { resolveActor } from '../analysis/actor-dossier.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import {
  type BriefingProfile,
  DEFAULT_ITEM_LIMIT,
  EMPTY_FOCUS,
} from '../model/briefing-profile.ts';
import type { DestinationRef } from '../model/subscription.ts';
import type { Tlp } from '../model/tlp.ts';
import type { AnalysisReadStore } from '../ports/analysis-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { SubscriptionStore } from '../ports/subscription-store.ts';
import {
  applyFocus,
  describeFocus,
  parseFocusCommand,
  parseItemLimit,
  resolveFocusValues,
} from './focus-settings.ts';

export interface ProfileDeps {
  store: Pick<SubscriptionStore, 'briefingProfileFor' | 'saveBriefingProfile'> &
    Pick<AnalysisReadStore, 'knownEntities'>;
  analysis: AnalysisService;
  clock: Clock;
}

export type ProfileOutcome =
  | { status: 'shown' | 'changed'; title: string; message: string }
  | { status: 'refused'; title: string; message: string };

function saved(
  destination: DestinationRef,
  base: BriefingProfile | undefined,
  user: string,
  now: Date,
) {
  return {
    destination: { platform: destination.platform, channel: destination.channel },
    focus: base?.focus ?? EMPTY_FOCUS,
    itemLimit: base?.itemLimit ?? null,
    withheldNotice: base?.withheldNotice ?? 'count',
    updatedBy: user,
    updatedAt: now.toISOString(),
  } satisfies BriefingProfile;
}

export async function changeFocus(
  deps: ProfileDeps,
  destination: DestinationRef & { clearance: Tlp },
  args: string[],
  user: string,
): Promise<ProfileOutcome> {
  const { store, analysis, clock } = deps;
  const profile = await store.briefingProfileFor(destination);
  const command = parseFocusCommand(args);
  if ('error' in command)
    return { status: 'refused', title: 'Focus unchanged', message: command.error };
  if (command.action === 'show')
    return {
      status: 'shown',
      title: 'Briefing focus',
      message: describeFocus(profile?.focus ?? EMPTY_FOCUS, profile?.itemLimit ?? null),
    };
  const view = await analysis.at(destination.clearance);
  let values: string[] = [];
  let asWritten: string[] = [];
  if (command.action !== 'clear') {
    const resolved = await resolveFocusValues(command.list, command.values, (name) =>
      resolveActor(store, view, name),
    );
    if ('error' in resolved)
      return { status: 'refused', title: 'Focus unchanged', message: resolved.error };
    ({ values, asWritten } = resolved);
  }
  const base = saved(destination, profile, user, clock.now());
  const updated = { ...base, focus: applyFocus(base.focus, command, values) };
  await store.saveBriefingProfile(updated);
  const unknown = asWritten.length
    ? ` Not in the lexicon, matched as written: ${asWritten.join(', ')}.`
    : '';
  return {
    status: 'changed',
    title: 'Briefing focus changed',
    message: `${describeFocus(updated.focus, updated.itemLimit)}${unknown}`,
  };
}

export async function changeItemLimit(
  deps: ProfileDeps,
  destination: DestinationRef,
  args: string[],
  user: string,
): Promise<ProfileOutcome> {
  const parsed = parseItemLimit(args[0]);
  if (parsed !== null && typeof parsed === 'object')
    return { status: 'refused', title: 'Limit unchanged', message: parsed.error };
  const profile = await deps.store.briefingProfileFor(destination);
  const updated = { ...saved(destination, profile, user, deps.clock.now()), itemLimit: parsed };
  await deps.store.saveBriefingProfile(updated);
  return {
    status: 'changed',
    title: 'Briefing limit changed',
    message: `${updated.itemLimit ?? DEFAULT_ITEM_LIMIT} items per briefing; the rest are counted in one line and shown on "more".`,
  };
}

/**
 * `withheld count|silent`: whether answers and briefings here say how many reports above the
 * clearance were left out. Silent closes the keyword-existence oracle the count opens.
 */
export async function changeWithheldNotice(
  deps: {
    store: Pick<SubscriptionStore, 'briefingProfileFor' | 'saveBriefingProfile'>;
    clock: Clock;
  },
  destination: DestinationRef,
  args: string[],
  user: string,
): Promise<ProfileOutcome> {
  const profile = await deps.store.briefingProfileFor(destination);
  const wanted = args[0]?.toLowerCase() as 'count' | 'silent' | undefined;
  if (wanted === undefined)
    return {
      status: 'shown',
      title: 'Withheld reports',
      message: describeWithheldNotice(profile?.withheldNotice ?? 'count'),
    };
  if (wanted !== 'count' && wanted !== 'silent')
    return {
      status: 'refused',
      title: 'Withheld notice unchanged',
      message: 'Use: withheld count | withheld silent',
    };
  const updated = {
    ...saved(destination, profile, user, deps.clock.now()),
    withheldNotice: wanted,
  };
  await deps.store.saveBriefingProfile(updated);
  return {
    status: 'changed',
    title: 'Withheld notice changed',
    message: describeWithheldNotice(wanted),
  };
}

function describeWithheldNotice(notice: 'count' | 'silent'): string {
  return notice === 'silent'
    ? 'Answers here say nothing about reports above the clearance.'
    : 'Answers here say how many reports above the clearance were left out.';
}
