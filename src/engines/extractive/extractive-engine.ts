/** @module The extractive engine: answers composed from verbatim stored passages, offline, no key. */
import type { Answer } from '../../core/model/answer.ts';
import type { AnswerEngine, AnswerRequest } from '../../core/ports/answer-engine.ts';
import { type AnswerDeps, answerQuestion, ENGINE } from './answer-question.ts';

export class ExtractiveEngine implements AnswerEngine {
  readonly name = ENGINE;
  readonly #deps: AnswerDeps;

  constructor(deps: AnswerDeps) {
    this.#deps = deps;
  }

  answer(request: AnswerRequest): Promise<Answer> {
    return answerQuestion(this.#deps, request);
  }
}
