/**
 * @module The OpenAI-compatible answer engine: the core reads the question and finds the
 * evidence, the model writes the statements, and the answer is assembled here from what survives
 * the checks: each statement cites passages it was given and quotes them from the store, the
 * attribution lines come from the rubric, nothing above LLM_MAX_TLP was ever sent. What needs no
 * writing is the extractive engine's answer. Failures reject with code 'engine' for the fallback
 * wrapper (main.ts) to answer instead.
 */
import type { ActorDossier } from '../../core/analysis/actor-dossier.ts';
import { attributionLines } from '../../core/answer/attribution-lines.ts';
import { CitationBook } from '../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../core/answer/finalize.ts';
import { ThreatBriefError } from '../../core/errors.ts';
import type { Answer, AttributionLine } from '../../core/model/answer.ts';
import type { AnswerEngine, AnswerRequest } from '../../core/ports/answer-engine.ts';
import type { Logger } from '../../core/ports/logger.ts';
import { isoDay } from '../../core/text/dates.ts';
import type { ModelClient } from './model-client.ts';
import { checkClaims, type ModelDrops } from './model-output.ts';
import { type Plan, type PlanDeps, planAnswer } from './plan.ts';

export const ENGINE = 'openai';

export interface OpenAIEngineDeps extends PlanDeps {
  client: ModelClient;
  /** Gives the answers that need no writing (the extractive engine). */
  local: AnswerEngine;
  logger: Logger;
}

/** Intents whose answer shows the rubric's attribution lines. */
const WITH_ATTRIBUTION = new Set(['profile', 'attribution', 'general', 'compare']);

function reports(n: number): string {
  return n === 1 ? '1 report' : `${n} reports`;
}

function keptOutNote(n: number, maxTlp: string): string {
  return `${reports(n)} above TLP:${maxTlp} ${n === 1 ? 'was' : 'were'} kept out of the language model's view (LLM_MAX_TLP).`;
}

function actorLine(d: ActorDossier): string {
  const parts = [];
  if (d.aliases.length) parts.push(`aka ${d.aliases.slice(0, 6).join(', ')}`);
  parts.push(reports(d.reports.length));
  const latest = d.reports.filter((r) => r.published).at(-1);
  if (latest) parts.push(`latest ${isoDay(latest.published)}`);
  return parts.join(' · ');
}

export class OpenAIEngine implements AnswerEngine {
  readonly name = ENGINE;
  readonly #deps: OpenAIEngineDeps;
  /** Model statements dropped since start, by reason. */
  readonly dropped: ModelDrops = { invented: 0, uncited: 0, confidence: 0, empty: 0 };

  constructor(deps: OpenAIEngineDeps) {
    this.#deps = deps;
  }

  /** What a request would send, without sending it (the token bench reads this). */
  plan(request: AnswerRequest): Promise<Plan> {
    return planAnswer(this.#deps, request);
  }

  async answer(request: AnswerRequest): Promise<Answer> {
    const plan = await this.plan(request);
    if (plan.kind === 'local') {
      const answer = await this.#deps.local.answer(request);
      if (!plan.keptOut) return answer;
      const note = `${keptOutNote(plan.keptOut, this.#deps.maxTlp)} This answer was composed from stored passages without it.`;
      return { ...answer, notice: answer.notice ? `${answer.notice} ${note}` : note };
    }
    const output = await this.#deps.client.complete(plan.messages, {
      purpose: request.command,
      passages: plan.selection.passages.length,
    });
    return this.#compose(request, plan, output);
  }

  #compose(
    request: AnswerRequest,
    plan: Extract<Plan, { kind: 'model' }>,
    output: Parameters<typeof checkClaims>[0],
  ): Answer {
    const { sections, dropped } = checkClaims(output, plan.selection.passages);
    const total = dropped.invented + dropped.uncited + dropped.confidence + dropped.empty;
    if (total > 0) {
      for (const k of Object.keys(dropped) as (keyof ModelDrops)[]) this.dropped[k] += dropped[k];
      this.#deps.logger.warn('model statements dropped', { command: request.command, ...dropped });
    }
    const text = request.text.trim();
    const { dossiers, question, selection } = plan;
    const notice = selection.keptOut.size
      ? keptOutNote(selection.keptOut.size, this.#deps.maxTlp)
      : null;
    if (sections.length === 0) {
      // The model found nothing in the passages: say so. Statements that all failed the checks
      // are a model gone wrong, and the fallback answers instead.
      if (output.sections.length > 0)
        throw new ThreatBriefError(
          'engine',
          `none of the language model's ${output.sections.flatMap((s) => s.claims).length} statements passed the citation checks`,
        );
      return finalizeAnswer(
        {
          kind: 'not-found',
          query: text,
          title: text,
          summary: 'No stored report covers that.',
          sections: [],
          withheld: plan.withheld,
          clearance: request.clearance,
          subjects: plan.subjects,
          notice,
        },
        new CitationBook(),
        ENGINE,
      );
    }
    const book = new CitationBook();
    for (const d of dossiers) book.reserve(d.reports);
    const attribution: AttributionLine[] = WITH_ATTRIBUTION.has(question.intent.type)
      ? dossiers.flatMap((d) => attributionLines(d, book).slice(0, dossiers.length > 1 ? 2 : 4))
      : [];
    const answerSections = sections.map((s) => ({
      title: s.title,
      claims: s.claims.map((c) => book.claim(c.text, c.evidence)),
    }));
    const cited = new Set(
      sections.flatMap((s) => s.claims.flatMap((c) => c.evidence)).map((e) => e.report.id),
    );
    const profile = request.command === 'actor' || question.intent.type === 'profile';
    return finalizeAnswer(
      {
        kind: profile ? 'profile' : 'answer',
        query: text,
        title: profile && dossiers[0] ? dossiers[0].name : text,
        summary:
          dossiers.length === 1
            ? actorLine(dossiers[0]!)
            : dossiers.length
              ? dossiers.map((d) => `${d.name}: ${actorLine(d)}`).join(' | ')
              : `From ${reports(cited.size).replace('report', 'stored report')}`,
        sections: answerSections,
        attribution,
        withheld: plan.withheld,
        clearance: request.clearance,
        subjects: plan.subjects,
        notice,
      },
      book,
      ENGINE,
    );
  }
}
