/**
 * @module The briefing commands of the chat router (`digest now|week|focus|limit|subscribe|...`
 * and "more" in a briefing's thread): who may run them, where the reply goes, and the port the
 * digest use cases implement.
 */
import type { Answer } from '../core/model/answer.ts';
import type { DigestItemRef, ThreadContext } from '../core/model/thread.ts';
import { notice } from './notices.ts';
import type { Destination, RouteRequest, RouteResult } from './router.ts';

/** Briefing and watch commands, implemented by the digest use cases. */
export interface BriefingCommands {
  subscribe(destination: Destination, schedule: string[], user: string): Promise<Answer>;
  unsubscribe(destination: Destination): Promise<Answer>;
  /** `digest filter actors|sectors|reliability|none ...` and `digest empty post|skip`. */
  configure(destination: Destination, action: 'filter' | 'empty', args: string[]): Promise<Answer>;
  list(destination: Destination): Promise<Answer>;
  now(destination: Destination): Promise<{ answer: Answer; digestItems: DigestItemRef[] }>;
  /** The last seven days as one briefing. */
  week(destination: Destination): Promise<{ answer: Answer; digestItems: DigestItemRef[] }>;
  /** The next page of the briefing a thread remembers, and the thread's items updated. */
  more(
    destination: Destination,
    remembered: DigestItemRef[],
  ): Promise<{ answer: Answer; digestItems: DigestItemRef[] }>;
  /** `digest focus ...`: show (anyone) or change (admins) what this destination cares about. */
  focus(destination: Destination, args: string[], user: string): Promise<Answer>;
  /** `digest limit N`: items per briefing here (admins). */
  limit(destination: Destination, args: string[], user: string): Promise<Answer>;
  watch(destination: Destination, actor: string, user: string): Promise<Answer>;
  unwatch(destination: Destination, actor: string): Promise<Answer>;
  watches(destination: Destination): Promise<Answer>;
}

export interface DigestRouteContext {
  briefings: BriefingCommands;
  request: RouteRequest;
  admin: boolean;
  /** The refusal for a non-admin, naming what was refused. */
  refuse: (what: string) => RouteResult;
  /** The thread's memory, for "more". */
  thread: {
    read(threadId: string): Promise<ThreadContext | undefined>;
    remember(
      threadId: string,
      posted: { answer: Answer; digestItems?: DigestItemRef[] },
    ): Promise<void>;
  };
}

/** "more" in a briefing's thread: its next page, posted in the thread and remembered there. */
async function more(ctx: DigestRouteContext): Promise<RouteResult> {
  const { destination, threadId } = ctx.request;
  const thread = threadId ? await ctx.thread.read(threadId) : undefined;
  if (!threadId || !thread?.digestItems.length) {
    return {
      answer: notice({
        title: 'Nothing more',
        summary: 'Reply "more" in the thread of a briefing to see the stories it did not show.',
        clearance: destination.clearance,
      }),
      visibility: 'ephemeral',
    };
  }
  const { answer, digestItems } = await ctx.briefings.more(destination, thread.digestItems);
  await ctx.thread.remember(threadId, { answer, digestItems });
  return { answer, visibility: 'channel' };
}

export async function routeDigest(
  action: string,
  args: string[],
  ctx: DigestRouteContext,
): Promise<RouteResult> {
  const { briefings, admin, refuse } = ctx;
  const { destination, user } = ctx.request;
  switch (action) {
    case 'now': {
      const { answer, digestItems } = await briefings.now(destination);
      return { answer, digestItems, visibility: 'channel' };
    }
    case 'week': {
      const { answer, digestItems } = await briefings.week(destination);
      return { answer, digestItems, visibility: 'channel' };
    }
    case 'more':
      return more(ctx);
    case 'focus':
      if (args.length > 0 && !admin) return refuse("change a channel's focus");
      return {
        answer: await briefings.focus(destination, args, user ?? 'unknown'),
        visibility: args.length > 0 ? 'channel' : 'ephemeral',
      };
    case 'limit':
      if (!admin) return refuse("change a channel's briefing");
      return { answer: await briefings.limit(destination, args, user!), visibility: 'channel' };
    case 'list':
      return { answer: await briefings.list(destination), visibility: 'ephemeral' };
    case 'subscribe':
      if (!admin) return refuse('subscribe a channel to briefings');
      return { answer: await briefings.subscribe(destination, args, user!), visibility: 'channel' };
    case 'unsubscribe':
      if (!admin) return refuse('unsubscribe a channel from briefings');
      return { answer: await briefings.unsubscribe(destination), visibility: 'channel' };
    case 'filter':
    case 'empty':
      if (!admin) return refuse("change a channel's briefing");
      return {
        answer: await briefings.configure(destination, action, args),
        visibility: 'channel',
      };
    default:
      return {
        answer: notice({
          title: 'Unknown digest command',
          summary:
            'Use: digest now | digest week | digest subscribe [HH:MM|CRON] [ZONE] | digest unsubscribe | digest list | digest filter ... | digest focus ... | digest limit N | digest empty post|skip',
          clearance: destination.clearance,
        }),
        visibility: 'ephemeral',
      };
  }
}
