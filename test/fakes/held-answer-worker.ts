/**
 * @module An answering worker for tests that speaks the pool's protocol but holds its thread still
 * (Atomics.wait, a truly blocked thread, as CPU-bound answering is) until the test releases it,
 * then answers with a short notice naming the question.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { notice } from '../../src/chat/notices.ts';
import type { AnswerJob, AnswerReply } from '../../src/serve/answering/answer-worker.ts';

const gate = new Int32Array((workerData as { gate: SharedArrayBuffer }).gate);
const port = parentPort!;
port.on('message', (job: AnswerJob) => {
  // Blocks this thread until the test stores 1 and notifies (or forever, for deadline tests).
  Atomics.wait(gate, 0, 0);
  const answer = notice({
    title: `Held answer: ${job.request.text}`,
    summary: 'Composed after the test let the worker go.',
    clearance: job.request.clearance,
  });
  port.postMessage({ id: job.id, answer } satisfies AnswerReply);
});
port.postMessage({ ready: true } satisfies AnswerReply);
