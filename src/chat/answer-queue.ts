/**
 * @module Answers off the request path: a platform acks at once and hands the answer here. Work is
 * bounded in all and per destination (one busy channel cannot take every slot), destinations take
 * turns, and when the backlog is full the asker is told once, politely, that the bot is busy and
 * will retry; the answer is taken in on a later try, or, after the last, the asker is told to ask
 * again. Nothing is answered twice and nothing waits on an unbounded queue.
 */
import type { Logger } from '../core/ports/logger.ts';

export interface AnswerQueueLimits {
  /** Answers worked on at once, all destinations together. */
  concurrency: number;
  /** Answers worked on at once for one destination. */
  perDestination: number;
  /** Answers waiting for a slot, all destinations together. */
  maxWaiting: number;
  /** Answers waiting for a slot from one destination. */
  maxWaitingPerDestination: number;
  /** Waits before offering a refused answer again; one try per entry. */
  retryDelaysMs: readonly number[];
}

export const DEFAULT_ANSWER_LIMITS: AnswerQueueLimits = {
  concurrency: 8,
  perDestination: 2,
  maxWaiting: 200,
  maxWaitingPerDestination: 40,
  retryDelaysMs: [2_000, 5_000, 10_000, 20_000, 30_000],
};

export interface QueuedAnswer {
  /** Platform-qualified destination ("slack:C123"): the unit of fairness. */
  destination: string;
  /** Who asked: told they are queued at most once a minute in a destination, however many they ask. */
  asker?: string | undefined;
  /** Composes and posts the answer; expected to report its own failures to the asker. */
  run(): Promise<void>;
  /** Said once, the first time the answer cannot be taken in: "busy, I will retry". */
  busy(): Promise<void>;
  /** Said when the last retry could not take it in either: "please ask again". */
  gaveUp(): Promise<void>;
}

export interface AnswerQueueDeps {
  logger: Logger;
  limits?: Partial<AnswerQueueLimits>;
  /** Timers, injectable so tests decide when a retry happens. */
  setTimer?: (run: () => void, ms: number) => { cancel(): void };
  /** Requests come first: answer work (and busy notices) waits for a quiet moment, briefly. */
  yieldTo?: { quiet(): Promise<void> };
  /** Milliseconds now, for spacing busy notices (Date.now by default). */
  now?: () => number;
}

/** One "busy, queued" notice per asker and destination within this time covers their questions. */
const BUSY_NOTICE_SPACING_MS = 60_000;

interface Waiting {
  answer: QueuedAnswer;
}

const realTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return { cancel: () => clearTimeout(timer) };
};

export class AnswerQueue {
  readonly #limits: AnswerQueueLimits;
  readonly #deps: AnswerQueueDeps;
  /** Waiting answers by destination, each in arrival order. */
  readonly #waiting = new Map<string, Waiting[]>();
  /** When each destination last had an answer started: the one served longest ago goes next. */
  readonly #lastTurn = new Map<string, number>();
  #turns = 0;
  readonly #running = new Map<string, number>();
  readonly #retries = new Set<{ cancel(): void }>();
  readonly #idle: (() => void)[] = [];
  /** When each asker (per destination) was last told the bot is busy. */
  readonly #toldBusy = new Map<string, number>();
  #waitingCount = 0;
  #runningCount = 0;
  #closed = false;
  /** How many answers were refused a place at least once (for logs and the bench). */
  deferred = 0;

  constructor(deps: AnswerQueueDeps) {
    this.#deps = deps;
    this.#limits = { ...DEFAULT_ANSWER_LIMITS, ...deps.limits };
  }

  get running(): number {
    return this.#runningCount;
  }

  get waiting(): number {
    return this.#waitingCount;
  }

  /** Takes an answer in, or tells the asker the bot is busy and offers it again later. Never throws. */
  submit(answer: QueuedAnswer): void {
    this.#offer(answer, 0);
  }

  /** Resolves when nothing is running, waiting or due for a retry. */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Stops taking answers in; waits up to `timeoutMs` for those running and waiting. Answers still
   * due for a retry are told to ask again.
   */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    for (const retry of this.#retries) retry.cancel();
    this.#retries.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  #offer(answer: QueuedAnswer, tries: number): void {
    if (this.#closed) {
      this.#say(answer, 'gaveUp');
      return;
    }
    const queue = this.#waiting.get(answer.destination) ?? [];
    if (queue.length === 0 && this.#hasRoom(answer.destination)) {
      this.#start(answer);
      return;
    }
    const room =
      this.#waitingCount < this.#limits.maxWaiting &&
      queue.length < this.#limits.maxWaitingPerDestination;
    if (!room) {
      this.#refuse(answer, tries);
      return;
    }
    queue.push({ answer });
    this.#waiting.set(answer.destination, queue);
    this.#waitingCount += 1;
    this.#pump();
  }

  #refuse(answer: QueuedAnswer, tries: number): void {
    const delay = this.#limits.retryDelaysMs[tries];
    if (delay === undefined) {
      this.#deps.logger.warn('answer dropped: still busy after every retry', {
        destination: answer.destination,
        tries,
      });
      this.#say(answer, 'gaveUp');
      this.#checkIdle();
      return;
    }
    if (tries === 0) {
      this.deferred += 1;
      this.#deps.logger.info('busy: answer deferred', {
        destination: answer.destination,
        waiting: this.#waitingCount,
        running: this.#runningCount,
      });
      if (this.#shouldTellBusy(answer)) this.#say(answer, 'busy');
    }
    const retry = (this.#deps.setTimer ?? realTimer)(() => {
      this.#retries.delete(retry);
      this.#offer(answer, tries + 1);
      this.#checkIdle();
    }, delay);
    this.#retries.add(retry);
  }

  /** Starts waiting answers while there is room, destinations taking turns. */
  #pump(): void {
    while (this.#runningCount < this.#limits.concurrency) {
      const next = this.#nextDestination();
      if (next === undefined) break;
      const queue = this.#waiting.get(next)!;
      const { answer } = queue.shift()!;
      this.#waitingCount -= 1;
      if (queue.length === 0) this.#waiting.delete(next);
      this.#start(answer);
    }
  }

  #hasRoom(destination: string): boolean {
    return (
      this.#runningCount < this.#limits.concurrency &&
      (this.#running.get(destination) ?? 0) < this.#limits.perDestination
    );
  }

  /** The waiting destination with room whose last answer started longest ago (or never). */
  #nextDestination(): string | undefined {
    let best: string | undefined;
    let bestTurn = Number.POSITIVE_INFINITY;
    for (const destination of this.#waiting.keys()) {
      if ((this.#running.get(destination) ?? 0) >= this.#limits.perDestination) continue;
      const turn = this.#lastTurn.get(destination) ?? -1;
      if (turn < bestTurn) {
        best = destination;
        bestTurn = turn;
      }
    }
    return best;
  }

  #start(answer: QueuedAnswer): void {
    this.#lastTurn.set(answer.destination, this.#turns++);
    this.#runningCount += 1;
    this.#running.set(answer.destination, (this.#running.get(answer.destination) ?? 0) + 1);
    const quiet = this.#deps.yieldTo?.quiet() ?? Promise.resolve();
    quiet
      .then(() => answer.run())
      .catch((error: unknown) => {
        // run() reports to the asker itself; this is a bug in that reporting, kept in the log.
        this.#deps.logger.error('answer failed', { destination: answer.destination, error });
      })
      .finally(() => {
        this.#runningCount -= 1;
        const left = (this.#running.get(answer.destination) ?? 1) - 1;
        if (left > 0) this.#running.set(answer.destination, left);
        else {
          this.#running.delete(answer.destination);
          // A destination with nothing going on needs no turn kept: the map stays small.
          if (!this.#waiting.has(answer.destination)) this.#lastTurn.delete(answer.destination);
        }
        this.#pump();
        this.#checkIdle();
      });
  }

  #say(answer: QueuedAnswer, what: 'busy' | 'gaveUp'): void {
    const quiet = this.#deps.yieldTo?.quiet() ?? Promise.resolve();
    quiet
      .then(() => answer[what]())
      .catch((error: unknown) => {
        this.#deps.logger.warn(`could not tell the asker (${what})`, {
          destination: answer.destination,
          error,
        });
      });
  }

  #shouldTellBusy(answer: QueuedAnswer): boolean {
    if (!answer.asker) return true;
    const key = `${answer.destination}|${answer.asker}`;
    const now = (this.#deps.now ?? Date.now)();
    const last = this.#toldBusy.get(key);
    if (last !== undefined && now - last < BUSY_NOTICE_SPACING_MS) return false;
    // Forget notices old enough not to matter, so the map stays small.
    for (const [told, at] of this.#toldBusy)
      if (now - at >= BUSY_NOTICE_SPACING_MS) this.#toldBusy.delete(told);
    this.#toldBusy.set(key, now);
    return true;
  }

  #isIdle(): boolean {
    return this.#runningCount === 0 && this.#waitingCount === 0 && this.#retries.size === 0;
  }

  #checkIdle(): void {
    if (!this.#isIdle()) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
