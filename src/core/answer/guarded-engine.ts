/**
 * @module The AnswerEngine every caller gets: any engine wrapped so the thread memory it is given
 * is re-checked against the destination's clearance now, and its answers pass the citation
 * guard. Drops are logged (an engine that trips the guard has a bug or a model that strayed) and
 * tallied, and the person asking sees only what survived.
 */
import type { Answer } from '../model/answer.ts';
import type { AnswerEngine, AnswerRequest } from '../ports/answer-engine.ts';
import type { Logger } from '../ports/logger.ts';
import { droppedTotal, type GuardDrops, type GuardReports, guardAnswer } from './citation-guard.ts';
import { type ThreadCheckDeps, threadWithinClearance } from './thread-clearance.ts';

export class GuardedEngine implements AnswerEngine {
  readonly name: string;
  readonly #engine: AnswerEngine;
  readonly #reports: GuardReports;
  readonly #logger: Logger;
  readonly #threads: ThreadCheckDeps | undefined;
  /** Everything dropped since start, for tests and a future status command. */
  readonly dropped: GuardDrops = {
    sources: 0,
    aboveClearance: 0,
    quotes: 0,
    claims: 0,
    attribution: 0,
  };

  constructor(
    engine: AnswerEngine,
    deps: { reports: GuardReports; logger: Logger; threads?: ThreadCheckDeps },
  ) {
    this.name = engine.name;
    this.#engine = engine;
    this.#reports = deps.reports;
    this.#logger = deps.logger;
    this.#threads = deps.threads;
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const thread = this.#threads
      ? await threadWithinClearance(request.thread, request.clearance, this.#threads)
      : request.thread;
    const raw = await this.#engine.answer({ ...request, thread });
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
