/**
 * @module The parsing worker: parses one file's bytes at a time for the parser host and sends
 * back the drafts or the reason it could not. It runs in its own thread, under a heap limit and a
 * deadline, so no input can stall or swell the process that ingests.
 */
import { parentPort } from 'node:worker_threads';
import { isThreatBriefError } from '../../core/errors.ts';
import { parseFile } from './formats/parse-file.ts';

export interface ParseJob {
  id: number;
  ext: string;
  bytes: Uint8Array;
}

export type ParseReply =
  | { ready: true }
  | { id: number; drafts: unknown[] }
  | { id: number; error: { code: string; message: string } };

function reason(error: unknown): { code: string; message: string } {
  if (isThreatBriefError(error)) return { code: error.code, message: error.message };
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return { code: 'too_large', message: 'nested too deeply to read' };
  return {
    code: 'unreadable',
    message: `could not parse it: ${error instanceof Error ? error.message : String(error)}`,
  };
}

parentPort?.on('message', async (job: ParseJob) => {
  let reply: ParseReply;
  try {
    reply = { id: job.id, drafts: await parseFile(job.ext, job.bytes) };
  } catch (error) {
    reply = { id: job.id, error: reason(error) };
  }
  parentPort?.postMessage(reply);
});

// Loaded: the host starts a file's deadline from here, so the worker's own start is not counted.
parentPort?.postMessage({ ready: true } satisfies ParseReply);
