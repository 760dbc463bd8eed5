/**
 * @module The extractive answerer: resolves what a question is about (names, aliases, "they"),
 * reads what it asks for, and composes the answer from stored sentences only. When nothing
 * supports an answer it says so.
 */
import { resolveActor } from '../../core/analysis/actor-dossier.ts';
import { CitationBook } from '../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../core/answer/finalize.ts';
import { MORE } from '../../core/answer/intents.ts';
import { readQuestion } from '../../core/answer/question.ts';
import { closeNames } from '../../core/answer/suggest.ts';
import type { Answer } from '../../core/model/answer.ts';
import type { AnswerRequest } from '../../core/ports/answer-engine.ts';
import { actorAnswer, compareAnswer } from './compose/actor-answers.ts';
import {
  type AnswerDeps,
  actorNames,
  type Ctx,
  draft,
  ENGINE,
  notFound,
} from './compose/context.ts';
import { moreAnswer } from './compose/more-answers.ts';
import {
  generalAnswer,
  searchAnswer,
  sourcesAnswer,
  whoTargetsAnswer,
} from './compose/search-answers.ts';
import { citationAnswer, storyAnswer } from './compose/thread-answers.ts';

export { type AnswerDeps, ENGINE } from './compose/context.ts';

export async function answerQuestion(deps: AnswerDeps, request: AnswerRequest): Promise<Answer> {
  const text = request.text.trim();
  const ctx: Ctx = {
    ...deps,
    analysis: await deps.analysis.at(request.clearance),
    clearance: request.clearance,
    query: text,
    readText: async (id) => (await deps.store.getReport(id))?.text,
  };
  const thread = request.thread;
  if (request.command === 'search') return searchAnswer(ctx, text);
  if (request.command === 'sources') return sourcesAnswer(ctx, thread);
  if (request.command === 'actor') {
    const actor = await resolveActor(ctx.store, ctx.analysis, text);
    return actor ? actorAnswer(ctx, actor, 'profile') : notFound(ctx, text);
  }

  // "more" after an answer about an actor: the next page of the reports naming it.
  if (MORE.test(text) && thread?.subjects.length) return moreAnswer(ctx, thread);
  const q = await readQuestion(ctx, text, deps.clock.now());
  const intent = q.intent;
  if (intent.type === 'citation') return citationAnswer(ctx, thread, intent.n);
  if (intent.type === 'digest-item') return storyAnswer(ctx, thread, intent.n);
  const named = q.actors;
  const previous = thread?.subjects ?? [];
  let subjects = named;
  if (intent.type === 'compare') subjects = [...new Set([...previous.slice(0, 1), ...named])];
  else if (named.length === 0 && previous.length) {
    // "what malware do they use?": a follow-up on the thread's actor, unless it names something else.
    const namesOther = q.unknownName !== null || q.software.length > 0 || q.identifiers.length > 0;
    const followsUp =
      q.pronoun || (!namesOther && intent.type !== 'general' && intent.type !== 'profile');
    if (followsUp) subjects = previous;
  }
  if (intent.type === 'who-targets') return whoTargetsAnswer(ctx, q, subjects);
  if (intent.type === 'compare' && subjects.length >= 2) return compareAnswer(ctx, subjects);
  // An indicator, a CVE id or a malware family asked about: what the reports say of it.
  if (q.identifiers.length || (subjects.length === 0 && q.software.length))
    return generalAnswer(ctx, q, subjects);
  if (subjects.length === 0 && q.pronoun && q.terms.length === 0 && intent.type !== 'general') {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: ctx.query,
        summary:
          'Who do you mean? Name an actor first, for example "actor Phantom Taurus", then ask about them.',
        sections: [],
        withheld: 0,
        subjects: [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  if (subjects.length === 0) {
    // "who is behind Phanton Tauros?": a near miss of a known name gets "did you mean".
    const candidate = q.unknownName;
    if (candidate && intent.type !== 'general' && candidate.split(' ').length <= 4) {
      const close = await closeNames(candidate, await actorNames(ctx, ctx.clearance));
      if (close.length) return notFound(ctx, candidate);
    }
    return generalAnswer(ctx, q, []);
  }
  // "APT28 and APT29 ...": a question about two actors at once is answered from reports naming both.
  if (named.length >= 2) return generalAnswer(ctx, q, named, 'all');
  if (intent.type === 'general' && named.length === 0) return generalAnswer(ctx, q, subjects);
  if (intent.type === 'general') {
    // A question naming an actor and asking something specific: passages first, profile if none.
    const specific = await generalAnswer(ctx, q, subjects);
    // "... this week": nothing in that period is the answer; the profile would ignore the period.
    if (specific.kind === 'not-found' && q.window) return specific;
    return specific.kind === 'not-found' ? actorAnswer(ctx, subjects[0]!, 'profile') : specific;
  }
  return actorAnswer(ctx, subjects[0]!, intent.type === 'compare' ? 'profile' : intent.type, q);
}
