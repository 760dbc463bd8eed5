/**
 * @module "What the reports say": the stored sentences that answer a question about an actor best,
 * beyond the facts analysis bound to it. Only sentences about that actor count: ones the analysis
 * bound to it, or ones naming it.
 */
import type { ActorDossier } from '../../../core/analysis/actor-dossier.ts';
import { ANAPHOR } from '../../../core/analysis/scope.ts';
import type { CitationBook } from '../../../core/answer/citation-book.ts';
import type { Intent } from '../../../core/answer/intents.ts';
import type { Question } from '../../../core/answer/question.ts';
import { findSentences, type RetrievedSentence } from '../../../core/answer/retrieve.ts';
import type { AnswerSection } from '../../../core/model/answer.ts';
import { shownSentence } from '../../../core/text/shown-sentence.ts';
import type { Phrase } from '../../../core/text/terms.ts';
import { ANSWER_SHAPES } from './answer-shape.ts';
import type { Ctx } from './context.ts';

/** Words that answer each kind of question: they weigh in when the question's own words are few. */
const INTENT_TERMS: Partial<Record<Intent['type'], string[]>> = {
  attribution: [
    'attributed',
    'attribution',
    'behind',
    'responsible',
    'linked',
    'sponsored',
    'state',
    'government',
    'assess',
    'confidence',
    // Origin clues analysts weigh when nobody names a sponsor.
    'origin',
    'language',
    'speaking',
    'based',
    'country',
  ],
  tools: [
    'malware',
    'payload',
    'loader',
    'backdoor',
    'ransomware',
    'delivered',
    'dropped',
    'deployed',
    'installs',
    'distributes',
  ],
  targets: [
    'targeted',
    'targeting',
    'targets',
    'victims',
    'against',
    'organizations',
    'sector',
    'industries',
  ],
  when: ['since', 'first', 'active', 'began', 'started', 'observed', 'tracked', 'emerged'],
  how: ['exploit', 'access', 'phishing', 'delivered', 'executes', 'uses', 'technique'],
  techniques: ['technique', 'tactic', 'att', 'mitre'],
  vulnerabilities: ['cve', 'vulnerability', 'exploit', 'exploited', 'flaw'],
  indicators: ['c2', 'domain', 'ip', 'hash', 'server', 'url', 'sha256', 'md5'],
  latest: ['new', 'recent', 'latest', 'campaign'],
};

/**
 * "Operators said they would ...": a sentence that refers back ("they", "the group") right after
 * one naming the actor is about that actor, across a line break too.
 */
function pointsBackTo(s: RetrievedSentence, named: (text: string) => boolean): boolean {
  // Only the passage the sentence was found in is read: what is cleared for this destination.
  return ANAPHOR.test(s.text) && s.before !== undefined && named(s.before);
}

const LISTS = new Set<Intent['type']>(['indicators', 'techniques', 'vulnerabilities', 'tools']);

export async function supportingSentences(
  ctx: Ctx,
  d: ActorDossier,
  q: Question,
  book: CitationBook,
  max = 2,
  /** The question narrowed the actor to a report or two about one campaign: all their sentences count. */
  narrowed = false,
): Promise<AnswerSection | null> {
  const shape = ANSWER_SHAPES[q.intent.type];
  // The question's own words decide; the intent's words only help when it has none.
  const intentTerms: Phrase[] = (INTENT_TERMS[q.intent.type] ?? []).map((w) => [w]);
  // Narrowed to a campaign's report by the question's words, and asking for something of a set
  // form (a date, an indicator): those words have done their work; within the report, the words
  // of the answer asked for ("began", "since") count as much.
  const formal = narrowed && shape?.needs !== undefined;
  const terms = !q.terms.length ? intentTerms : formal ? [...q.terms, ...intentTerms] : q.terms;
  if (terms.length === 0 || d.reports.length === 0) return null;
  const found = await findSentences(ctx.store, {
    required: [],
    terms,
    reportIds: d.reports.map((r) => r.id),
    clearance: ctx.clearance,
    limit: 30,
    minCoverage: q.terms.length && !formal ? 0.25 : 0.05,
    ...(shape?.prefer ? { prefer: shape.prefer } : {}),
  });
  const bound = new Set<string>();
  for (const r of d.related) for (const e of r.evidence) bound.add(`${e.reportId}:${e.start}`);
  for (const c of d.claims) bound.add(`${c.report.id}:${c.start}`);
  for (const f of d.facts) bound.add(`${f.report.id}:${f.start}`);
  const names = [d.name, ...d.aliases].map((n) => n.toLowerCase());
  const claims = [];
  const named = (text: string) => {
    const lower = text.toLowerCase();
    return names.some((n) => lower.includes(n));
  };
  // A table row ("| T1005 | Data from Local System | ... victim machine |") lists data; it answers
  // questions about lists (indicators, techniques), not who, whom or when.
  const tableRowsAnswer = LISTS.has(q.intent.type);
  for (const s of found.sentences) {
    if (claims.length >= max) break;
    if (shape?.needs && !shape.needs(s.text)) continue;
    if (!tableRowsAnswer && /^\s*\|/.test(s.text)) continue;
    const about =
      narrowed || bound.has(`${s.report.id}:${s.start}`) || named(s.text) || pointsBackTo(s, named);
    if (!about) continue;
    claims.push(book.claim(shownSentence(s.text), [{ report: s.report, quote: s.text }]));
  }
  return claims.length ? { title: 'What the reports say', claims } : null;
}
