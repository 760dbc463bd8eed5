/**
 * @module Fallback as a wrapper around the AnswerEngine port: when the primary engine cannot answer
 * (it rejects with a ThreatBriefError of code 'engine': endpoint down, timeout, refusal, output
 * that does not validate) the next engine answers, and the answer says so once in its notice. Any
 * other error is a bug and propagates. The wrapper carries the primary's name: that is the engine
 * the deployment is configured for.
 */
import { isThreatBriefError } from '../errors.ts';
import type { Answer } from '../model/answer.ts';
import type { AnswerEngine, AnswerRequest } from '../ports/answer-engine.ts';
import type { Logger } from '../ports/logger.ts';

export class FallbackEngine implements AnswerEngine {
  readonly name: string;
  readonly #primary: AnswerEngine;
  readonly #secondary: AnswerEngine;
  readonly #logger: Logger;
  /** Answers the secondary gave since start, for tests and a future status command. */
  fallbacks = 0;

  constructor(primary: AnswerEngine, secondary: AnswerEngine, deps: { logger: Logger }) {
    this.name = primary.name;
    this.#primary = primary;
    this.#secondary = secondary;
    this.#logger = deps.logger;
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    try {
      return await this.#primary.answer(request);
    } catch (error) {
      if (!isThreatBriefError(error) || error.code !== 'engine') throw error;
      this.fallbacks++;
      this.#logger.warn('answer engine fell back', {
        engine: this.#primary.name,
        fallback: this.#secondary.name,
        command: request.command,
        reason: error.message,
      });
      const answer = await this.#secondary.answer(request);
      const note = `The ${this.#primary.name} engine could not answer (${error.message}); this answer was composed by the ${this.#secondary.name} engine from stored passages.`;
      return { ...answer, notice: answer.notice ? `${note} ${answer.notice}` : note };
    }
  }
}
