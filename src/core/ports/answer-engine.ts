/**
 * @module AnswerEngine port: turns a question, a clearance and a thread's memory into an Answer.
 *
 * Engines live in src/engines/ (extractive; openai, an OpenAI-compatible model). The rules each one
 * keeps are the contract suite test/contract/answer-engine-contract.ts, run on both. Whatever an
 * engine returns leaves through the core citation guard (GuardedEngine, composed in main.ts), which
 * drops and counts what breaks them.
 *
 * - Fallback is a wrapper around this port (core/answer/fallback-engine.ts), not a branch inside an
 *   engine: an engine that cannot answer (endpoint down, timeout, refusal, output that does not
 *   validate) rejects with a ThreatBriefError of code 'engine'; the wrapper catches exactly that,
 *   asks the next engine, and says so once in `Answer.notice`; any other error is a bug and
 *   propagates. Fallback sits inside the guard, so the answer that leaves is guarded either way.
 * - `search` and `sources` stay out of any language model: they list stored passages and reports
 *   and compose nothing. The model engine decides before it sends anything that these (and thread
 *   lookups, and names or questions no stored passage supports) need no writing, and returns the
 *   extractive engine's answer for them; such answers carry `engine: 'extractive'`.
 */
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
  /** Recorded in `Answer.engine` by the engine that composed the answer. */
  readonly name: string;
  answer(request: AnswerRequest): Promise<Answer>;
}
