/** @module The extractive engine: answers composed from verbatim stored passages, offline, no key. */
import type { AnalysisService } from '../../core/analysis/analysis-service.ts';
import type { Answer } from '../../core/model/answer.ts';
import type { AnalysisReadStore } from '../../core/ports/analysis-store.ts';
import type { AnswerEngine, AnswerRequest } from '../../core/ports/answer-engine.ts';
import type { ReportStore } from '../../core/ports/report-store.ts';
import { answerQuestion, ENGINE } from './answer-question.ts';

export class ExtractiveEngine implements AnswerEngine {
  readonly name = ENGINE;
  readonly #deps: { store: ReportStore & AnalysisReadStore; analysis: AnalysisService };

  constructor(deps: { store: ReportStore & AnalysisReadStore; analysis: AnalysisService }) {
    this.#deps = deps;
  }

  answer(request: AnswerRequest): Promise<Answer> {
    return answerQuestion(this.#deps, request);
  }
}
