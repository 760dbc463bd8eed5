/** @module AnswerEngine port: turns a question, a clearance and a thread's memory into an Answer. */
import type { Answer } from '../model/answer.ts';
import type { ThreadContext } from '../model/thread.ts';
import type { Tlp } from '../model/tlp.ts';

export interface AnswerRequest {
  /** `actor NAME`, `ask QUESTION` (and follow-ups), `search TERMS`, `sources`. */
  command: 'actor' | 'ask' | 'search' | 'sources';
  text: string;
  /** The destination's TLP clearance: nothing above it may be quoted, cited or summarised. */
  clearance: Tlp;
  thread: ThreadContext | null;
}

export interface AnswerEngine {
  readonly name: string;
  answer(request: AnswerRequest): Promise<Answer>;
}
