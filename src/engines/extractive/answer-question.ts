/**
 * @module The extractive answerer: resolves what a question is about (names, aliases, "they"),
 * reads what it asks for, and composes the answer from stored sentences only. When nothing
 * supports an answer it says so.
 */
import { resolveActor } from '../../core/analysis/actor-dossier.ts';
import { CitationBook } from '../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../core/answer/finalize.ts';
import { detectIntent, nameCandidate } from '../../core/answer/intents.ts';
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
import {
  generalAnswer,
  searchAnswer,
  sourcesAnswer,
  whoTargetsAnswer,
} from './compose/search-answers.ts';
import { citationAnswer, storyAnswer } from './compose/thread-answers.ts';

export { type AnswerDeps, ENGINE } from './compose/context.ts';

const PRONOUN =
  /\b(?:they|them|their|theirs|it|its|this group|the group|this actor|that group|these guys|this one)\b/i;

/** Actors a question names, in order, resolved through the catalog and the store. */
async function namedActors(deps: AnswerDeps, question: string): Promise<string[]> {
  const found = deps.analysis
    .analyze({ text: question })
    .mentions.filter((m) => m.kind === 'actor');
  const names: string[] = [];
  for (const m of found) {
    const resolved = (await resolveActor(deps.store, deps.analysis, m.canonical)) ?? m.canonical;
    if (!names.includes(resolved)) names.push(resolved);
  }
  if (names.length === 0) {
    // Names the extractor cannot recognise by shape may still be in the store ("the Wavewalker gang").
    const candidate = nameCandidate(question);
    if (candidate) {
      const resolved = await resolveActor(deps.store, deps.analysis, candidate);
      if (resolved) names.push(resolved);
    }
  }
  return names;
}

export async function answerQuestion(deps: AnswerDeps, request: AnswerRequest): Promise<Answer> {
  const text = request.text.trim();
  const ctx: Ctx = {
    ...deps,
    clearance: request.clearance,
    query: text,
    readText: async (id) => (await deps.store.getReport(id))?.text,
  };
  const thread = request.thread;
  if (request.command === 'search') return searchAnswer(ctx, text);
  if (request.command === 'sources') return sourcesAnswer(ctx, thread);
  if (request.command === 'actor') {
    const actor = await resolveActor(deps.store, deps.analysis, text);
    return actor ? actorAnswer(ctx, actor, 'profile') : notFound(ctx, text);
  }

  const intent = detectIntent(text);
  if (intent.type === 'citation') return citationAnswer(ctx, thread, intent.n);
  if (intent.type === 'digest-item') return storyAnswer(ctx, thread, intent.n);
  const named = await namedActors(deps, text);
  const previous = thread?.subjects ?? [];
  const candidate = nameCandidate(text);
  // A capitalised word left over is probably a name we could not resolve, not a follow-up.
  const unknownName = named.length === 0 && /(?:^|\s)[\p{Lu}\d][\p{L}\d-]*/u.test(candidate);
  let subjects = named;
  if (intent.type === 'compare') subjects = [...new Set([...previous.slice(0, 1), ...named])];
  else if (named.length === 0 && previous.length) {
    const followsUp =
      PRONOUN.test(text) ||
      (!unknownName && intent.type !== 'general' && intent.type !== 'profile');
    if (followsUp) subjects = previous;
  }
  if (intent.type === 'who-targets') return whoTargetsAnswer(ctx, text, subjects);
  if (intent.type === 'compare' && subjects.length >= 2) return compareAnswer(ctx, subjects);
  if (subjects.length === 0 && PRONOUN.test(text) && intent.type !== 'general') {
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
    if (unknownName && intent.type !== 'general' && candidate.split(' ').length <= 4) {
      const close = await closeNames(candidate, await actorNames(deps, ctx.clearance));
      if (close.length) return notFound(ctx, candidate);
    }
    return generalAnswer(ctx, text, []);
  }
  if (intent.type === 'general' && named.length === 0) return generalAnswer(ctx, text, subjects);
  if (intent.type === 'general') {
    // A question naming an actor and asking something specific: passages first, profile if none.
    const specific = await generalAnswer(ctx, text, subjects);
    return specific.kind === 'not-found' ? actorAnswer(ctx, subjects[0]!, 'profile') : specific;
  }
  return actorAnswer(ctx, subjects[0]!, intent.type === 'compare' ? 'profile' : intent.type);
}
