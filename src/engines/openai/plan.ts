/**
 * @module Deciding, before any call, what one request needs: nothing from a model (search,
 * sources, "source for [2]", a name no report mentions, a question no passage supports: the
 * extractive engine's answer is the answer), or a model call with these passages under this
 * prompt. The question is read by the core (readQuestion), the actor's evidence comes from its
 * dossier and the core's sentence retrieval; this file only chooses and formats.
 */
import {
  type ActorDossier,
  buildActorDossier,
  resolveActor,
} from '../../core/analysis/actor-dossier.ts';
import type { AnalysisService, AnalysisView } from '../../core/analysis/analysis-service.ts';
import { MORE } from '../../core/answer/intents.ts';
import { type Question, readQuestion } from '../../core/answer/question.ts';
import { closeNames } from '../../core/answer/suggest.ts';
import type { ThreadContext } from '../../core/model/thread.ts';
import type { Tlp } from '../../core/model/tlp.ts';
import type { AnalysisReadStore } from '../../core/ports/analysis-store.ts';
import type { AnswerRequest } from '../../core/ports/answer-engine.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { ReportStore } from '../../core/ports/report-store.ts';
import { actorCandidates, type Candidate, storeCandidates } from './evidence.ts';
import type { ChatMessage } from './model-client.ts';
import { neutralize, renderPassages, type Selection, selectPassages } from './passages.ts';
import type { Prompts } from './prompts.ts';
import { messagesTokenCount, tokenCount } from './tokens.ts';

export interface PlanDeps {
  store: ReportStore & AnalysisReadStore;
  analysis: AnalysisService;
  clock: Clock;
  prompts: Prompts;
  /** Highest TLP whose passages may be sent (LLM_MAX_TLP). */
  maxTlp: Tlp;
  /** The whole prompt, system part included (OPENAI_MAX_PROMPT_TOKENS). */
  maxPromptTokens: number;
}

export type Plan =
  | {
      kind: 'local';
      why: string;
      /** Reports the destination may see that were above LLM_MAX_TLP. */
      keptOut: number;
    }
  | {
      kind: 'model';
      question: Question;
      subjects: string[];
      dossiers: ActorDossier[];
      selection: Selection;
      withheld: number;
      messages: ChatMessage[];
      /** The request's prompt tokens, counted here. */
      promptTokens: number;
      /** Every report retrieval found for it, before the TLP cap and the budget chose. */
      retrieved: string[];
    };

/** Earlier questions sent with a follow-up: the latest few, within this many tokens. */
const HISTORY_QUESTIONS = 4;
const HISTORY_TOKENS = 300;
/** Passages get at least this much of the budget, however long the prompt files grow. */
const MIN_PASSAGE_TOKENS = 300;

const local = (why: string, keptOut = 0): Plan => ({ kind: 'local', why, keptOut });

/** Who the question is about: the actors it names, or the thread's when it points back at them. */
export function subjectsOf(q: Question, thread: ThreadContext | null): string[] {
  const previous = thread?.subjects ?? [];
  if (q.intent.type === 'compare') return [...new Set([...previous.slice(0, 1), ...q.actors])];
  if (q.actors.length || previous.length === 0) return q.actors;
  const namesOther = q.unknownName !== null || q.software.length > 0 || q.identifiers.length > 0;
  const followsUp =
    q.pronoun || (!namesOther && q.intent.type !== 'general' && q.intent.type !== 'profile');
  return followsUp ? previous : [];
}

/** The thread's latest questions, oldest first, cut to the history budget from the oldest end. */
function history(thread: ThreadContext | null): string {
  const lines = (thread?.questions ?? [])
    .slice(-HISTORY_QUESTIONS)
    .map((q, i) => `${i + 1}. ${neutralize(q.replace(/\s+/g, ' '))}`);
  while (lines.length > 1 && tokenCount(lines.join('\n')) > HISTORY_TOKENS) lines.shift();
  return lines.join('\n') || '(none)';
}

/** Actor names to suggest from: the catalog's, and those in reports this destination may see. */
async function actorNames(
  deps: Pick<PlanDeps, 'store'> & { analysis: AnalysisView },
  clearance: Tlp,
): Promise<[string, string][]> {
  const pairs: [string, string][] = [];
  for (const e of deps.analysis.catalog.entries)
    if (e.kind === 'actor') for (const n of [e.name, ...e.aliases]) pairs.push([n, e.name]);
  for (const k of await deps.store.knownEntities(['actor'], clearance))
    pairs.push([k.canonical, k.canonical]);
  return pairs;
}

/** Alternates two actors' candidates so a comparison shows both sides within the budget. */
function interleave(lists: Candidate[][]): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++)
    for (const l of lists) if (l[i]) out.push(l[i]!);
  return out;
}

export async function planAnswer(deps: PlanDeps, request: AnswerRequest): Promise<Plan> {
  const text = request.text.trim();
  if (request.command === 'search' || request.command === 'sources')
    return local('search and sources list stored text; a model adds nothing to them');
  if (MORE.test(text) && request.thread?.subjects.length)
    return local('"more" lists the next stored reports on the thread\'s actor');
  // Names are read with what this destination may know of the catalog, nothing more.
  const reading = { store: deps.store, analysis: await deps.analysis.at(request.clearance) };
  let q = await readQuestion(reading, text, deps.clock.now());
  if (request.command === 'actor') {
    const actor = await resolveActor(deps.store, reading.analysis, text);
    if (!actor) return local('no stored report names that actor');
    // `actor NAME` is a profile; the name's words narrow nothing.
    q = { ...q, intent: { type: 'profile' }, actors: [actor], terms: [], topics: [], window: null };
  }
  const intent = q.intent.type;
  if (intent === 'citation' || intent === 'digest-item')
    return local('a thread lookup quotes what was already cited');
  const subjects = request.command === 'actor' ? q.actors : subjectsOf(q, request.thread);
  if (subjects.length === 0 && q.pronoun && q.terms.length === 0 && intent !== 'general')
    return local('the question points back at a subject the thread does not have');
  if (subjects.length === 0 && q.unknownName && intent !== 'general') {
    // "who is behind Phanton Tauros?": a near miss of a known name gets "did you mean".
    const names = await actorNames(reading, request.clearance);
    if (q.unknownName.split(' ').length <= 4 && closeNames(q.unknownName, names).length)
      return local('the question names an actor nobody reports, close to one that is known');
  }

  let candidates: Candidate[];
  let withheld: number;
  const dossiers: ActorDossier[] = [];
  if (subjects.length) {
    for (const s of subjects.slice(0, 2))
      dossiers.push(await buildActorDossier(deps.store, reading.analysis, s, request.clearance));
    if (dossiers.some((d) => d.reports.length === 0))
      return local('no report this destination may see names the actor');
    const lists = await Promise.all(
      dossiers.map((d) => actorCandidates(deps, q, d, request.clearance)),
    );
    candidates = interleave(lists);
    withheld = Math.max(...dossiers.map((d) => d.withheld));
  } else {
    const gathered = await storeCandidates(deps, q, request.clearance);
    candidates = gathered.candidates;
    withheld = gathered.withheld;
  }

  const followUp = !!request.thread && (request.thread.questions?.length ?? 0) > 0;
  const user = (passages: string) =>
    followUp
      ? deps.prompts.fill('followUp', {
          history: history(request.thread),
          question: neutralize(text),
          subjects: subjects.join(', ') || '(no named actor)',
          passages,
        })
      : deps.prompts.fill('answer', {
          question: neutralize(text),
          subjects: subjects.join(', ') || '(no named actor)',
          passages,
        });
  const system: ChatMessage = { role: 'system', content: deps.prompts.text.system };
  const frame = messagesTokenCount([system, { content: user('') }]);
  const budget = Math.max(MIN_PASSAGE_TOKENS, deps.maxPromptTokens - frame);
  const selection = selectPassages(candidates, deps.maxTlp, budget);
  if (selection.passages.length === 0)
    return local(
      selection.keptOut.size
        ? 'every passage that answers it is above LLM_MAX_TLP'
        : 'no stored passage supports an answer',
      selection.keptOut.size,
    );
  const messages: ChatMessage[] = [
    system,
    { role: 'user', content: user(renderPassages(selection.passages)) },
  ];
  return {
    kind: 'model',
    question: q,
    subjects,
    dossiers,
    selection,
    withheld,
    messages,
    promptTokens: messagesTokenCount(messages),
    retrieved: [...new Set(candidates.map((c) => c.report.id))],
  };
}
