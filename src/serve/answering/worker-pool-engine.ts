/**
 * @module The answer engine for serving: requests go to a bounded pool of worker threads (each
 * with the app's engine over its own store connection), first come first served. An answer that
 * runs past its deadline has its worker replaced; a worker that dies is replaced too.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.ts';
import { ERROR_CODES, type ErrorCode, ThreatBriefError } from '../../core/errors.ts';
import type { Answer } from '../../core/model/answer.ts';
import type { AnswerEngine, AnswerRequest } from '../../core/ports/answer-engine.ts';
import { type Clock, systemClock } from '../../core/ports/clock.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { AnswerJob, AnswerReply } from './answer-worker.ts';

export interface WorkerPoolOptions {
  config: Config;
  /** The app's clock: each answer is composed at the time it was asked (system time by default). */
  clock?: Clock;
  /** Worker threads; by default one fewer than the cores, at least one, at most four. */
  size?: number;
  /** Longest one answer may take before its worker is stopped and replaced. */
  deadlineMs?: number;
  logger: Logger;
  /** The worker module (tests use one they can hold still); the app's answering worker by default. */
  workerUrl?: URL;
  /** More for the worker module, next to the config. */
  workerData?: Record<string, unknown>;
  /** The engine name answers are reported under. */
  name?: string;
  /**
   * Requests come first: an answer is handed back when no request is in progress (briefly
   * waited for), so saving, rendering and posting it does not hold up acks.
   */
  yieldTo?: { quiet(): Promise<void> };
}

interface Pending {
  id: number;
  request: AnswerRequest;
  now: string;
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Pending;
  timer?: NodeJS.Timeout;
}

export function defaultAnswerWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

const asCode = (code: string): ErrorCode =>
  (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'engine';

export class WorkerPoolEngine implements AnswerEngine {
  readonly name: string;
  readonly #options: WorkerPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #waiting: Pending[] = [];
  #nextId = 1;
  #closed = false;
  /** Workers that failed to start in a row: past a few, the store or the code is broken; stop trying. */
  #startFailures = 0;
  #started: Promise<void>;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.name = options.name ?? 'extractive';
    const size = options.size ?? defaultAnswerWorkers();
    const starts: Promise<void>[] = [];
    for (let i = 0; i < size; i++) starts.push(this.#spawn());
    this.#started = Promise.all(starts).then(() => undefined);
  }

  /** Resolves once every worker has loaded its store and analysis. */
  ready(): Promise<void> {
    return this.#started;
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Requests not yet given to a worker. */
  get waiting(): number {
    return this.#waiting.length;
  }

  answer(request: AnswerRequest): Promise<Answer> {
    if (this.#closed)
      return Promise.reject(new ThreatBriefError('engine', 'answering has stopped'));
    return new Promise<Answer>((resolve, reject) => {
      const now = (this.#options.clock ?? systemClock).now().toISOString();
      this.#waiting.push({ id: this.#nextId++, request, now, resolve, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#waiting.splice(0))
      pending.reject(new ThreatBriefError('engine', 'answering has stopped'));
    await Promise.all(this.#slots.splice(0).map((slot) => this.#retire(slot)));
  }

  #spawn(): Promise<void> {
    const worker = new Worker(
      this.#options.workerUrl ?? new URL('./answer-worker.ts', import.meta.url),
      { workerData: { ...this.#options.workerData, config: this.#options.config } },
    );
    const slot: Slot = { worker, ready: false };
    this.#slots.push(slot);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: AnswerReply) => {
        if ('ready' in reply) {
          slot.ready = true;
          this.#startFailures = 0;
          resolve();
          this.#dispatch();
        } else if ('startFailed' in reply) {
          const failure = new ThreatBriefError(
            'engine',
            `an answering worker could not start: ${reply.startFailed}`,
          );
          reject(failure);
          this.#startFailures += 1;
          if (this.#startFailures >= 3) {
            this.#options.logger.error('answering workers cannot start', { error: failure });
            for (const pending of this.#waiting.splice(0)) pending.reject(failure);
            this.#closed = true;
          }
          this.#replace(slot, undefined);
        } else this.#settle(slot, reply);
      });
      worker.on('error', (error) => {
        this.#options.logger.error('answering worker failed', { error });
        this.#replace(
          slot,
          new ThreatBriefError('engine', `the answering worker failed: ${error.message}`),
        );
      });
      worker.on('exit', (code) => {
        if (this.#slots.includes(slot))
          this.#replace(
            slot,
            new ThreatBriefError('engine', `the answering worker stopped (exit code ${code})`),
          );
        reject(
          new ThreatBriefError(
            'engine',
            `an answering worker stopped while starting (exit code ${code})`,
          ),
        );
      });
    });
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.#waiting.shift();
      if (!job) return;
      slot.job = job;
      const deadline = this.#options.deadlineMs ?? 60_000;
      slot.timer = setTimeout(() => {
        this.#options.logger.warn('answer past its deadline; replacing its worker', {
          command: job.request.command,
          deadlineMs: deadline,
        });
        this.#replace(
          slot,
          new ThreatBriefError(
            'engine',
            `composing the answer took longer than ${deadline / 1000} s`,
          ),
        );
      }, deadline);
      slot.worker.postMessage({
        id: job.id,
        request: job.request,
        now: job.now,
      } satisfies AnswerJob);
    }
  }

  #settle(slot: Slot, reply: Exclude<AnswerReply, { ready: true } | { startFailed: string }>) {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if ('error' in reply)
      job.reject(new ThreatBriefError(asCode(reply.error.code), reply.error.message));
    else job.resolve(reply.answer as Answer);
    this.#dispatch();
  }

  /** Takes a slot's worker out (failing its job, if any) and starts a fresh one in its place. */
  #replace(slot: Slot, failure: Error | undefined): void {
    const at = this.#slots.indexOf(slot);
    if (at < 0) return;
    this.#slots.splice(at, 1);
    if (slot.job && failure) slot.job.reject(failure);
    slot.job = undefined;
    void this.#retire(slot);
    if (!this.#closed) this.#spawn().catch(() => undefined);
  }

  async #retire(slot: Slot): Promise<void> {
    clearTimeout(slot.timer);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    await slot.worker.terminate();
  }
}
