/**
 * @module An answering worker thread: opens its own connection to the store and its own analysis,
 * builds the engine the app would build, and answers one request at a time for the pool. CPU-heavy
 * answering happens here, so the thread that acks requests and serves /healthz never waits on it.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config.ts';
import { AnalysisService } from '../../core/analysis/analysis-service.ts';
import { isThreatBriefError } from '../../core/errors.ts';
import type { AnswerRequest } from '../../core/ports/answer-engine.ts';
import { createLogger } from '../../logging.ts';
import { buildEngine, openStore } from '../../main.ts';

export interface AnswerJob {
  id: number;
  request: AnswerRequest;
  /** The app's time when the question was asked: the engine's clock for this answer. */
  now: string;
}

export type AnswerReply =
  | { ready: true }
  | { startFailed: string }
  | { id: number; answer: unknown }
  | { id: number; error: { code: string; message: string } };

const port = parentPort!;

/**
 * Answering runs at a lower CPU priority than the thread that acks requests and serves /healthz:
 * on Linux the nice value belongs to each thread, and /proc/thread-self names this one. Elsewhere
 * (or without permission) it simply keeps the normal priority.
 */
function yieldCpu(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: same priority as the rest
  }
}
yieldCpu();

try {
  const config = (workerData as { config: Config }).config;
  const store = await openStore(config);
  // One answer at a time: the clock reads the time of the question being answered.
  let now = new Date();
  const engine = await buildEngine(config, {
    store,
    analysis: await AnalysisService.load(store),
    clock: { now: () => new Date(now) },
    logger: createLogger(config.LOG_LEVEL),
  });
  port.on('message', async (job: AnswerJob) => {
    now = new Date(job.now);
    try {
      port.postMessage({
        id: job.id,
        answer: await engine.answer(job.request),
      } satisfies AnswerReply);
    } catch (error) {
      const coded = isThreatBriefError(error)
        ? { code: error.code, message: error.message }
        : { code: 'engine', message: error instanceof Error ? error.message : String(error) };
      port.postMessage({ id: job.id, error: coded } satisfies AnswerReply);
    }
  });
  port.postMessage({ ready: true } satisfies AnswerReply);
} catch (error) {
  port.postMessage({ startFailed: (error as Error).message } satisfies AnswerReply);
}
