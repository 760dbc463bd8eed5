/**
 * @module The command router every platform shares: `actor`, `ask`, `search`, `sources`, `help`,
 * briefing and watch commands, and plain follow-up text in a thread. It loads the thread's
 * memory, asks the engine, stores the answer and the updated memory, and hands back what to post.
 */
import { randomUUID } from 'node:crypto';
import { MORE } from '../core/answer/intents.ts';
import { withheldNoticeOf, withWithheldNotice } from '../core/answer/withheld-notice.ts';
import { changeWithheldNotice } from '../core/digest/profile-commands.ts';
import type { Answer } from '../core/model/answer.ts';
import type { DestinationRef } from '../core/model/subscription.ts';
import {
  type DigestItemRef,
  emptyThread,
  type ThreadContext,
  withQuestion,
} from '../core/model/thread.ts';
import { isWithinClearance, parseTlp, type Tlp, tlpRank } from '../core/model/tlp.ts';
import type { AnswerEngine, AnswerRequest } from '../core/ports/answer-engine.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { ConversationStore } from '../core/ports/conversation-store.ts';
import type { SubscriptionStore } from '../core/ports/subscription-store.ts';
import { type BriefingCommands, routeDigest } from './digest-routes.ts';
import { notice } from './notices.ts';

/** Answers to a question (not briefings, alerts, help or notices): their query joins the thread's history. */
const ASKED = new Set<Answer['kind']>([
  'profile',
  'answer',
  'not-found',
  'citation',
  'search',
  'sources',
]);

export interface Destination extends DestinationRef {
  clearance: Tlp;
}

export interface RouteRequest {
  text: string;
  destination: Destination;
  /** Thread the message belongs to; follow-ups use its memory. */
  threadId?: string | undefined;
  /** Platform-qualified user id ("slack:U123"), for admin-only commands. */
  user?: string | undefined;
}

export interface RouteResult {
  answer: Answer;
  /** Stored id of the answer (for feedback); absent for help and notices. */
  answerId?: string;
  /** Briefing items, to remember in the thread the post creates ("more on item 3"). */
  digestItems?: DigestItemRef[];
  /** Who should see it: everyone in the channel, or only the asker (help, refusals, errors). */
  visibility: 'channel' | 'ephemeral';
}

export type { BriefingCommands } from './digest-routes.ts';

/** What `ingest URL` stored, as the sources adapter reports it. */
export interface UrlIngestOutcome {
  reports: { id: string; title: string; tlp: Tlp; status: 'stored' | 'duplicate' }[];
  error: string | null;
}

export interface ClearancePolicy {
  /** Default for channels (CHANNEL_CLEARANCE). */
  channel: Tlp;
  /** Default for direct messages (DM_CLEARANCE). */
  direct: Tlp;
  /** Configured per destination ("slack:C123" -> AMBER). */
  byDestination: Record<string, Tlp>;
}

export interface RouterDeps {
  /** Thread memory and answers; a destination's clearance and subscription. */
  store: ConversationStore & SubscriptionStore;
  engine: AnswerEngine;
  clock: Clock;
  briefings?: BriefingCommands;
  /** User ids allowed to subscribe, watch and change clearances ("slack:U123" or bare "U123"). */
  admins?: string[];
  clearances?: ClearancePolicy;
  /** Fetches and stores the report at an address (admins only); absent where nothing may be fetched. */
  ingestUrl?: (url: string) => Promise<UrlIngestOutcome>;
  newId?: () => string;
}

export const COMMAND_HELP: [string, string][] = [
  [
    'actor NAME',
    'profile of a threat actor (any alias works): attribution with confidence, targets, tools, sources',
  ],
  ['ask QUESTION', 'a question in your own words, e.g. "who is behind Volt Typhoon?"'],
  ['search TERMS', 'passages from stored reports that mention the terms'],
  ['sources', 'the reports behind the current thread (or the newest reports)'],
  ['digest now', 'a briefing of what came in since the last one'],
  ['digest week', 'the last seven days as one briefing'],
  [
    'digest subscribe [HH:MM|CRON] [ZONE]',
    'daily briefing here (admins), e.g. digest subscribe 08:00 Europe/Berlin',
  ],
  [
    'digest unsubscribe | digest list',
    "stop the briefing here (admins) | show this channel's schedule",
  ],
  [
    'digest filter actors A, B | sectors S | reliability B | none',
    "narrow this channel's briefing (admins)",
  ],
  ['digest empty post | skip', 'say "nothing new" on a quiet day, or stay silent (admins)'],
  [
    'digest focus [technologies X, Y | sectors S | regions R | actors A | cves CVE-... | clear]',
    'what this team cares about: matching stories rank first and say why (changes: admins)',
  ],
  ['digest limit N', 'items per briefing here; the rest are counted and shown on "more" (admins)'],
  [
    'watch ACTOR | unwatch ACTOR | watches',
    'alert this channel when a new report names the actor (admins)',
  ],
  ['clearance [LEVEL]', "show this channel's TLP clearance, or set it (admins)"],
  [
    'withheld count | silent',
    'say how many reports above the clearance were left out (default), or say nothing (admins)',
  ],
  ['ingest URL', 'fetch a report from an address and store it (admins)'],
  ['help', 'this list'],
];

export const FOLLOW_UP_HELP = [
  'In a thread, just ask: "what malware do they use?", "who else targets embassies?",',
  '"source for [2]", "compare with APT41", "more on item 3" and "more" (after a briefing or an actor answer).',
];

function helpAnswer(destination: Destination, prefix: string): Answer {
  return notice({
    title: 'ThreatBrief commands',
    summary: `Answers cite stored reports; nothing above TLP:${destination.clearance} is shown here.`,
    clearance: destination.clearance,
    kind: 'help',
    lines: [
      ['Commands', COMMAND_HELP.map(([cmd, what]) => `${prefix}${cmd} — ${what}`)],
      ['Follow-ups', FOLLOW_UP_HELP],
    ],
  });
}

export type ParsedCommand =
  | { command: AnswerRequest['command']; argument: string }
  | { command: 'help' }
  | { command: 'digest'; action: string; args: string[] }
  | { command: 'watch' | 'unwatch'; argument: string }
  | { command: 'watches' }
  | { command: 'clearance'; argument: string }
  | { command: 'withheld'; argument: string }
  | { command: 'ingest'; argument: string };

/** Splits "actor Phantom Taurus" into command and argument; anything else is a question. */
export function parseCommand(text: string): ParsedCommand {
  const trimmed = text.trim().replace(/^\/threat\s+/i, '');
  const [word = '', ...rest] = trimmed.split(/\s+/);
  const argument = rest.join(' ').trim();
  switch (word.toLowerCase()) {
    case 'actor':
    case 'profile':
      return argument ? { command: 'actor', argument } : { command: 'help' };
    case 'ask':
      return argument ? { command: 'ask', argument } : { command: 'help' };
    case 'search':
      return argument ? { command: 'search', argument } : { command: 'help' };
    case 'sources':
      return { command: 'sources', argument };
    case 'digest':
    case 'briefing':
      return { command: 'digest', action: (rest[0] ?? 'now').toLowerCase(), args: rest.slice(1) };
    case 'more':
    case 'show':
      // Only "more" itself (a briefing's next page, or an actor's next reports: see #route);
      // "more on item 3" is a question for the engine.
      if (MORE.test(trimmed)) return { command: 'digest', action: 'more', args: [] };
      return { command: 'ask', argument: trimmed };
    case 'watch':
    case 'unwatch':
      return argument
        ? { command: word.toLowerCase() as 'watch' | 'unwatch', argument }
        : { command: 'watches' };
    case 'watches':
      return { command: 'watches' };
    case 'clearance':
      return { command: 'clearance', argument };
    case 'withheld':
      return { command: 'withheld', argument };
    case 'ingest':
      return argument ? { command: 'ingest', argument } : { command: 'help' };
    case 'help':
    case '':
      return { command: 'help' };
    default:
      return { command: 'ask', argument: trimmed };
  }
}

export class CommandRouter {
  readonly #deps: RouterDeps;

  constructor(deps: RouterDeps) {
    this.#deps = deps;
  }

  /** The clearance of a destination: set by an admin, else configured, else the default. */
  async resolveDestination(
    ref: DestinationRef,
    options: { direct?: boolean } = {},
  ): Promise<Destination> {
    const stored = await this.#deps.store.clearanceOf(ref);
    const policy = this.#deps.clearances;
    const configured = policy?.byDestination[`${ref.platform}:${ref.channel}`];
    const fallback = options.direct ? (policy?.direct ?? 'CLEAR') : (policy?.channel ?? 'CLEAR');
    return { ...ref, clearance: stored ?? configured ?? fallback };
  }

  isAdmin(user: string | undefined): boolean {
    if (!user) return false;
    const bare = user.includes(':') ? user.slice(user.indexOf(':') + 1) : user;
    return (this.#deps.admins ?? []).some((a) => a === user || a === bare);
  }

  async route(request: RouteRequest, options: { helpPrefix?: string } = {}): Promise<RouteResult> {
    const result = await this.#route(request, options);
    const notice = await withheldNoticeOf(this.#deps.store, request.destination);
    return { ...result, answer: withWithheldNotice(result.answer, notice) };
  }

  async #route(request: RouteRequest, options: { helpPrefix?: string }): Promise<RouteResult> {
    let parsed = parseCommand(request.text);
    // "more" continues what the thread holds: a briefing's stories, else an actor's reports.
    if (parsed.command === 'digest' && parsed.action === 'more' && request.threadId) {
      const thread = await this.#deps.store.getThread(request.threadId);
      if (thread && !thread.digestItems.length && thread.subjects.length)
        parsed = { command: 'ask', argument: 'more' };
    }
    const destination = request.destination;
    if (parsed.command === 'help')
      return { answer: helpAnswer(destination, options.helpPrefix ?? ''), visibility: 'ephemeral' };
    if (
      parsed.command === 'digest' ||
      parsed.command === 'watch' ||
      parsed.command === 'unwatch' ||
      parsed.command === 'watches' ||
      parsed.command === 'clearance' ||
      parsed.command === 'withheld' ||
      parsed.command === 'ingest'
    ) {
      return this.#manage(parsed, request);
    }
    const { store, engine, clock } = this.#deps;
    const thread = request.threadId ? ((await store.getThread(request.threadId)) ?? null) : null;
    const answer = await engine.answer({
      command: parsed.command,
      text: parsed.argument,
      clearance: destination.clearance,
      thread,
    });
    const id = (this.#deps.newId ?? randomUUID)();
    await store.saveAnswer({
      id,
      threadId: request.threadId ?? null,
      destination: `${destination.platform}:${destination.channel}`,
      answer,
      createdAt: clock.now().toISOString(),
    });
    if (request.threadId) await this.remember(request.threadId, { answer });
    return { answer, answerId: id, visibility: 'channel' };
  }

  /**
   * Remembers what a thread is about. Called by the router for replies in a thread, and by a
   * platform after its post of an answer or briefing created a new thread.
   */
  async remember(
    threadId: string,
    posted: { answer: Answer; digestItems?: DigestItemRef[] },
  ): Promise<void> {
    const { store, clock } = this.#deps;
    const now = clock.now();
    const saved = (await store.getThread(threadId)) ?? emptyThread(threadId, now);
    const { answer } = posted;
    // Questions asked while the destination was cleared higher are not carried below it.
    const thread: ThreadContext =
      tlpRank(answer.clearance) < tlpRank(saved.clearance ?? 'RED') && saved.questions?.length
        ? { ...saved, questions: [] }
        : saved;
    await store.saveThread({
      ...thread,
      subjects: answer.subjects.length ? answer.subjects : thread.subjects,
      citations:
        answer.citations.length && answer.kind !== 'citation' ? answer.citations : thread.citations,
      digestItems: posted.digestItems ?? thread.digestItems,
      // What was asked, for engines that follow the conversation; a posted briefing asked nothing.
      ...(ASKED.has(answer.kind) ? { questions: withQuestion(thread, answer.query) } : {}),
      clearance: answer.clearance,
      updatedAt: now.toISOString(),
    });
  }

  /** Records a reader's rating of an answer; a second rating by the same user replaces the first. */
  async feedback(rating: {
    answerId: string;
    user: string;
    rating: 'up' | 'down';
    comment?: string | null;
  }): Promise<void> {
    await this.#deps.store.saveFeedback({
      ...rating,
      comment: rating.comment ?? null,
      createdAt: this.#deps.clock.now().toISOString(),
    });
  }

  /** Stores the report at an address; titles above the destination's clearance are not shown. */
  async #ingest(argument: string, destination: Destination): Promise<Answer> {
    const say = (title: string, summary: string, lines: string[] = []) =>
      notice({
        title,
        summary,
        clearance: destination.clearance,
        lines: lines.length ? [['Reports', lines]] : [],
      });
    // Slack wraps a pasted link as <https://...> or <https://...|label>.
    const url = argument.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1').trim();
    if (!/^https?:\/\/\S+$/i.test(url))
      return say('Ingest', 'Give one http(s) address: ingest https://example.com/report');
    if (!this.#deps.ingestUrl) return say('Ingest', 'This deployment does not fetch addresses.');
    const outcome = await this.#deps.ingestUrl(url);
    if (outcome.error)
      return say('Nothing stored', `The address could not be ingested: ${outcome.error}`);
    const lines = outcome.reports.map((r) => {
      const what = r.status === 'stored' ? 'stored' : 'already stored';
      return isWithinClearance(r.tlp, destination.clearance)
        ? `${what}: ${r.title} (TLP:${r.tlp}, id ${r.id})`
        : `${what}: a report above this channel's clearance (id ${r.id}); its title is not shown here`;
    });
    const stored = outcome.reports.filter((r) => r.status === 'stored').length;
    return say(
      stored ? 'Stored' : 'Already stored',
      `${stored} new report${stored === 1 ? '' : 's'} from that address, ${outcome.reports.length - stored} already stored.`,
      lines,
    );
  }

  async #manage(
    parsed: Exclude<ParsedCommand, { command: AnswerRequest['command'] | 'help' }>,
    request: RouteRequest,
  ): Promise<RouteResult> {
    const { destination, user } = request;
    const briefings = this.#deps.briefings;
    const refuse = (what: string): RouteResult => ({
      answer: notice({
        title: 'Not allowed',
        summary: `Only admins may ${what}. Ask one of them, or see ADMIN_USERS in the README.`,
        clearance: destination.clearance,
      }),
      visibility: 'ephemeral',
    });
    const unavailable: RouteResult = {
      answer: notice({
        title: 'Briefings are not set up',
        summary: 'This deployment has no briefing service.',
        clearance: destination.clearance,
      }),
      visibility: 'ephemeral',
    };
    const admin = this.isAdmin(user);
    switch (parsed.command) {
      case 'ingest':
        if (!admin) return refuse('ingest reports');
        return { answer: await this.#ingest(parsed.argument, destination), visibility: 'channel' };
      case 'clearance': {
        if (!parsed.argument) {
          return {
            answer: notice({
              title: 'Clearance',
              summary: `This destination is cleared for TLP:${destination.clearance}.`,
              clearance: destination.clearance,
            }),
            visibility: 'ephemeral',
          };
        }
        if (!admin) return refuse('change a clearance');
        const tlp = parseTlp(parsed.argument);
        if (!tlp)
          return {
            answer: notice({
              title: 'Clearance',
              summary: `"${parsed.argument}" is not a TLP label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED).`,
              clearance: destination.clearance,
            }),
            visibility: 'ephemeral',
          };
        await this.#deps.store.setClearance(
          destination,
          tlp,
          user ?? 'unknown',
          this.#deps.clock.now().toISOString(),
        );
        // The destination's briefing follows its clearance.
        const subscription = await this.#deps.store.subscriptionFor(destination);
        if (subscription)
          await this.#deps.store.saveSubscription({ ...subscription, clearance: tlp });
        return {
          answer: notice({
            title: 'Clearance set',
            summary: `This destination is now cleared for TLP:${tlp}.`,
            clearance: tlp,
          }),
          visibility: 'channel',
        };
      }
      case 'withheld': {
        if (parsed.argument && !admin) return refuse('change what this channel is told');
        const outcome = await changeWithheldNotice(
          { store: this.#deps.store, clock: this.#deps.clock },
          destination,
          parsed.argument.split(/\s+/).filter(Boolean),
          user ?? 'unknown',
        );
        return {
          answer: notice({
            title: outcome.title,
            summary: outcome.message,
            clearance: destination.clearance,
          }),
          visibility: outcome.status === 'changed' ? 'channel' : 'ephemeral',
        };
      }
      case 'watches':
        return briefings
          ? { answer: await briefings.watches(destination), visibility: 'ephemeral' }
          : unavailable;
      case 'watch':
      case 'unwatch':
        if (!briefings) return unavailable;
        if (!admin) return refuse(`${parsed.command} actors for a channel`);
        return {
          answer:
            parsed.command === 'watch'
              ? await briefings.watch(destination, parsed.argument, user!)
              : await briefings.unwatch(destination, parsed.argument),
          visibility: 'channel',
        };
      case 'digest':
        if (!briefings) return unavailable;
        return routeDigest(parsed.action, parsed.args, {
          briefings,
          request,
          admin,
          refuse,
          thread: {
            read: (id) => this.#deps.store.getThread(id),
            remember: (id, posted) => this.remember(id, posted),
          },
        });
    }
  }
}
