/**
 * @module Runs file parsing in a worker thread with a deadline and a heap limit, one file at a
 * time. A file that takes too long or needs too much memory is rejected with that reason; its
 * worker is stopped and the next file gets a fresh one, so one bad file never stalls a batch.
 */
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, type ErrorCode, ThreatBriefError } from '../../core/errors.ts';
import type { ReportDraft } from '../../core/model/report.ts';
import type { ParseJob, ParseReply } from './parse-worker.ts';

export interface ParseLimits {
  /** Wall time for one file. */
  timeoutMs: number;
  /** Heap of the worker (old generation), in MB. */
  memoryMb: number;
}

const WORKER_URL = new URL('./parse-worker.ts', import.meta.url);

const asCode = (code: string): ErrorCode =>
  (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'unreadable';

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`);

/** How long a new worker may take to load its parsers (a busy machine, a cold disk). */
const START_TIMEOUT_MS = 30_000;

interface Thread {
  worker: Worker;
  memoryMb: number;
  ready: Promise<void>;
}

export class ParserHost {
  #thread: Thread | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;

  /** Parses files one after another: a deadline stops the worker, which would end any other parse. */
  parse(ext: string, bytes: Uint8Array, limits: ParseLimits): Promise<ReportDraft[]> {
    const run = this.#queue.then(() => this.#run(ext, bytes, limits));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker (it is also unreferenced while idle, so it never keeps a process alive). */
  async close(): Promise<void> {
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.worker.terminate();
  }

  #start(memoryMb: number): Thread {
    if (this.#thread && this.#thread.memoryMb === memoryMb) return this.#thread;
    void this.#thread?.worker.terminate();
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
    // A parse in flight hears of its worker's failure itself; an idle worker's end only frees the slot.
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (this.#thread?.worker === worker) this.#thread = undefined;
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('it did not start in time')), START_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', fail);
        worker.off('exit', fail);
      };
      const onMessage = (reply: ParseReply) => {
        if (!('ready' in reply)) return;
        done();
        resolve();
      };
      const fail = (reason: unknown) => {
        done();
        if (this.#thread?.worker === worker) this.#thread = undefined;
        void worker.terminate();
        reject(
          new ThreatBriefError(
            'unreadable',
            `the parser could not start: ${reason instanceof Error ? reason.message : `exit code ${reason}`}`,
          ),
        );
      };
      worker.on('message', onMessage);
      worker.on('error', fail);
      worker.on('exit', fail);
    });
    ready.catch(() => undefined);
    this.#thread = { worker, memoryMb, ready };
    return this.#thread;
  }

  async #run(ext: string, bytes: Uint8Array, limits: ParseLimits): Promise<ReportDraft[]> {
    const thread = this.#start(limits.memoryMb);
    const { worker } = thread;
    worker.ref();
    try {
      await thread.ready;
    } catch (error) {
      worker.unref();
      throw error;
    }
    const id = this.#nextId++;
    return new Promise<ReportDraft[]>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
        outcome();
      };
      const stop = () => {
        if (this.#thread?.worker === worker) this.#thread = undefined;
        void worker.terminate();
      };
      const onMessage = (reply: ParseReply) => {
        if ('ready' in reply || reply.id !== id) return;
        settle(() =>
          'error' in reply
            ? reject(new ThreatBriefError(asCode(reply.error.code), reply.error.message))
            : resolve(reply.drafts as ReportDraft[]),
        );
      };
      const onError = (error: Error & { code?: string }) => {
        stop();
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ThreatBriefError(
                  'too_large',
                  `parsing it needed more than ${limits.memoryMb} MB of memory`,
                )
              : new ThreatBriefError('unreadable', `the parser failed: ${error.message}`),
          ),
        );
      };
      const onExit = (code: number) => {
        if (this.#thread?.worker === worker) this.#thread = undefined;
        settle(() =>
          reject(new ThreatBriefError('unreadable', `the parser stopped (exit code ${code})`)),
        );
      };
      const timer = setTimeout(() => {
        stop();
        settle(() =>
          reject(
            new ThreatBriefError(
              'too_large',
              `parsing it took longer than ${duration(limits.timeoutMs)}, the limit for one file`,
            ),
          ),
        );
      }, limits.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, ext, bytes } satisfies ParseJob);
    });
  }
}

/** The process's parser host: one idle worker at most, started on the first file. */
export const sharedParserHost = new ParserHost();
