/**
 * @module The command router every platform shares: `actor`, `ask`, `search`, `sources`, `help`,
 * and plain follow-up text in a thread. It loads the thread's memory, asks the engine, stores the
 * answer and the updated memory, and hands the Answer back for the platform to render.
 */
import { randomUUID } from 'node:crypto';
import type { Answer } from '../core/model/answer.ts';
import { emptyThread, type ThreadContext } from '../core/model/thread.ts';
import type { Tlp } from '../core/model/tlp.ts';
import type { AnswerEngine, AnswerRequest } from '../core/ports/answer-engine.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';

export interface Destination {
  /** "slack", "teams", "console", "cli". */
  platform: string;
  /** Channel, chat or conversation id within the platform. */
  channel: string;
  clearance: Tlp;
}

export interface RouteRequest {
  text: string;
  destination: Destination;
  /** Thread the message belongs to; follow-ups use its memory. */
  threadId?: string | undefined;
  user?: string | undefined;
}

export interface RouteResult {
  answer: Answer;
  /** Stored id of the answer (for feedback); absent for help. */
  answerId?: string;
}

export interface RouterDeps {
  store: Store;
  engine: AnswerEngine;
  clock: Clock;
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
  ['help', 'this list'],
];

export const FOLLOW_UP_HELP = [
  'In a thread, just ask: "what malware do they use?", "who else targets embassies?",',
  '"source for [2]", "compare with APT41", "more on item 3" (after a briefing).',
];

function helpAnswer(destination: Destination, prefix: string): Answer {
  return {
    kind: 'help',
    query: 'help',
    title: 'ThreatBrief commands',
    summary: `Answers cite stored reports; nothing above TLP:${destination.clearance} is shown here.`,
    sections: [
      {
        title: 'Commands',
        claims: COMMAND_HELP.map(([cmd, what]) => ({
          text: `${prefix}${cmd} — ${what}`,
          citations: [],
          evidence: [],
        })),
      },
      {
        title: 'Follow-ups',
        claims: FOLLOW_UP_HELP.map((text) => ({ text, citations: [], evidence: [] })),
      },
    ],
    attribution: [],
    citations: [],
    withheld: 0,
    clearance: destination.clearance,
    suggestions: [],
    subjects: [],
    engine: 'none',
    notice: null,
  };
}

/** Splits "actor Phantom Taurus" into command and argument; anything else is a question. */
export function parseCommand(text: string): {
  command: AnswerRequest['command'] | 'help';
  argument: string;
} {
  const trimmed = text.trim().replace(/^\/threat\s+/i, '');
  const [word = '', ...rest] = trimmed.split(/\s+/);
  const argument = rest.join(' ').trim();
  switch (word.toLowerCase()) {
    case 'actor':
    case 'profile':
      return argument ? { command: 'actor', argument } : { command: 'help', argument: '' };
    case 'ask':
      return argument ? { command: 'ask', argument } : { command: 'help', argument: '' };
    case 'search':
      return argument ? { command: 'search', argument } : { command: 'help', argument: '' };
    case 'sources':
      return { command: 'sources', argument };
    case 'help':
    case '':
      return { command: 'help', argument: '' };
    default:
      return { command: 'ask', argument: trimmed };
  }
}

export class CommandRouter {
  readonly #deps: RouterDeps;

  constructor(deps: RouterDeps) {
    this.#deps = deps;
  }

  async route(request: RouteRequest, options: { helpPrefix?: string } = {}): Promise<RouteResult> {
    const { command, argument } = parseCommand(request.text);
    if (command === 'help')
      return { answer: helpAnswer(request.destination, options.helpPrefix ?? '') };
    const { store, engine, clock } = this.#deps;
    const thread = request.threadId ? ((await store.getThread(request.threadId)) ?? null) : null;
    const answer = await engine.answer({
      command,
      text: argument,
      clearance: request.destination.clearance,
      thread,
    });
    const id = (this.#deps.newId ?? randomUUID)();
    const now = clock.now();
    await store.saveAnswer({
      id,
      threadId: request.threadId ?? null,
      destination: `${request.destination.platform}:${request.destination.channel}`,
      answer,
      createdAt: now.toISOString(),
    });
    if (request.threadId)
      await store.saveThread(
        this.#remember(thread ?? emptyThread(request.threadId, now), answer, now),
      );
    return { answer, answerId: id };
  }

  /** The thread keeps its subject and sources unless the new answer brings its own. */
  #remember(thread: ThreadContext, answer: Answer, now: Date): ThreadContext {
    return {
      ...thread,
      subjects: answer.subjects.length ? answer.subjects : thread.subjects,
      citations:
        answer.citations.length && answer.kind !== 'citation' ? answer.citations : thread.citations,
      updatedAt: now.toISOString(),
    };
  }
}
