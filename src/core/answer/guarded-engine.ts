/**
 * @module The AnswerEngine every caller gets: any engine wrapped so its answers pass the citation
 * guard. Drops are logged (an engine that trips the guard has a bug or a model that strayed) and
 * tallied, and the person asking sees only what survived.
 */
import type { Answer } from '../model/answer.ts';
import type { AnswerEngine, AnswerRequest } from '../ports/answer-engine.ts';
import type { Logger } from '../ports/logger.ts';
import { droppedTotal, type GuardDrops, type GuardReports, guardAnswer } from './citation-guard.ts';

export class GuardedEngine implements AnswerEngine {
  readonly name: string;
  readonly #engine: AnswerEngine;
  readonly #reports: GuardReports;
  readonly #logger: Logger;
  /** Everything dropped since start, for tests and a future status command. */
  readonly dropped: GuardDrops = {
    sources: 0,
    aboveClearance: 0,
    quotes: 0,
    claims: 0,
    attribution: 0,
  };

  constructor(engine: AnswerEngine, deps: { reports: GuardReports; logger: Logger }) {
    this.name = engine.name;
    this.#engine = engine;
    this.#reports = deps.reports;
    this.#logger = deps.logger;
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const raw = await this.#engine.answer(request);
    const { answer, dropped } = await guardAnswer(raw, request.clearance, this.#reports);
    if (droppedTotal(dropped) > 0) {
      for (const key of Object.keys(dropped) as (keyof GuardDrops)[])
        this.dropped[key] += dropped[key];
      this.#logger.warn('citation guard dropped material from an answer', {
        engine: raw.engine,
        command: request.command,
        kind: raw.kind,
        ...dropped,
      });
    }
    return answer;
  }
}
