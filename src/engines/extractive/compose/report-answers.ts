/**
 * @module Answers from the reports a question is about, when it names no actor: "map the
 * Buer/Bazar termination-phishing campaign to ATT&CK", "what malware does the HydroJiin campaign
 * deploy?". The report or two holding most of the question's rare words are its subject; the
 * answer lists what those reports name of the kind asked for, each with its sentence.
 */
import { primaryActorOf, titleActorsOf } from '../../../core/analysis/analyze-report.ts';
import { isTargeted } from '../../../core/analysis/claims/relations.ts';
import { assessAttributions } from '../../../core/analysis/confidence.ts';
import { techniqueName } from '../../../core/analysis/lexicon/lexicon.ts';
import { attributedTo } from '../../../core/answer/attribution-lines.ts';
import type { CitationBook } from '../../../core/answer/citation-book.ts';
import type { Intent } from '../../../core/answer/intents.ts';
import type { Question } from '../../../core/answer/question.ts';
import {
  findSentences,
  type RetrievedSentence,
  rankReports,
} from '../../../core/answer/retrieve.ts';
import type { EntityKind, Mention } from '../../../core/model/analysis.ts';
import type { AnswerClaim, AnswerSection } from '../../../core/model/answer.ts';
import type { ReportSummary } from '../../../core/model/report.ts';
import { isoDay } from '../../../core/text/dates.ts';
import { defang } from '../../../core/text/defang.ts';
import { sentenceSpans } from '../../../core/text/sentences.ts';
import { shownSentence } from '../../../core/text/shown-sentence.ts';
import type { Phrase } from '../../../core/text/terms.ts';
import { ANSWER_SHAPES } from './answer-shape.ts';
import type { Ctx } from './context.ts';

/** Words of the sentences that date a campaign: when it was seen, found, begun. */
const DATING_WORDS = [
  'first',
  'seen',
  'observed',
  'discovered',
  'identified',
  'detected',
  'spotted',
  'since',
  'began',
  'started',
  'wild',
  'came',
  'across',
].map((w) => [w]);

/** "When was the campaign seen?": the sentences of its reports that date it. */
async function datedSections(
  ctx: Ctx,
  q: Question,
  reports: ReportSummary[],
  book: CitationBook,
): Promise<AnswerSection[]> {
  const shape = ANSWER_SHAPES.when!;
  const found = await findSentences(ctx.store, {
    required: [],
    terms: [...q.terms, ...DATING_WORDS],
    reportIds: reports.map((r) => r.id),
    clearance: ctx.clearance,
    limit: 20,
    minCoverage: 0.02,
    ...(shape.prefer ? { prefer: shape.prefer } : {}),
  });
  // "The public learned this week of ...": a date relative to the report's own, which is given.
  const relative = (s: RetrievedSentence) =>
    s.report.published !== null && RELATIVE_TIME.test(s.text);
  const claims = found.sentences
    .filter((s) => shape.needs!(s.text) || relative(s))
    .slice(0, 2)
    .map((s) =>
      book.claim(
        shape.needs!(s.text)
          ? shownSentence(s.text)
          : `${shownSentence(s.text)} (the report is dated ${isoDay(s.report.published!)})`,
        [{ report: s.report, quote: s.text }],
      ),
    );
  return claims.length ? [{ title: 'When', claims }] : [];
}

/** Times told relative to when the report was written. */
const RELATIVE_TIME =
  /\b(?:(?:this|last|past|earlier this|late last|early this) (?:week|weekend|month)|yesterday|today|(?:on|last) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:a few|several|two|three) days ago)\b/i;

/** What each kind of question wants listed from its reports. */
const LISTED: Partial<Record<Intent['type'], { kinds: EntityKind[]; title: string }>> = {
  tools: { kinds: ['malware', 'tool'], title: 'Malware and tools' },
  techniques: { kinds: ['technique'], title: 'ATT&CK techniques' },
  vulnerabilities: { kinds: ['cve'], title: 'Vulnerabilities' },
  indicators: { kinds: ['indicator'], title: 'Indicators (defanged)' },
  targets: { kinds: ['sector', 'country', 'region'], title: 'Targets' },
};

/** The one or two reports a question is about, if its words single them out. */
export async function focusReports(
  ctx: Ctx,
  q: Question,
  required: Phrase[][],
): Promise<ReportSummary[]> {
  if (q.terms.length === 0 && required.length === 0) return [];
  const { reports } = await rankReports(ctx.store, {
    required,
    terms: q.terms,
    groups: q.topics.map((t) => t.forms),
    clearance: ctx.clearance,
    window: q.window,
  });
  const top = reports[0];
  if (!top || top.coverage < 0.6) return [];
  return reports
    .filter((r) => r.coverage >= Math.max(0.6, top.coverage * 0.85))
    .slice(0, 2)
    .map((r) => r.report);
}

function label(m: Mention): string {
  if (m.kind === 'indicator') return defang(m.canonical);
  if (m.kind === 'technique') {
    const name = techniqueName(m.canonical);
    return name ? `${m.canonical} ${name}` : m.canonical;
  }
  return m.canonical;
}

/** What the focus reports name of the kind the question asks for, or their attribution claims. */
export async function reportSections(
  ctx: Ctx,
  q: Question,
  reports: ReportSummary[],
  book: CitationBook,
): Promise<AnswerSection[]> {
  if (reports.length === 0) return [];
  const byId = new Map(reports.map((r) => [r.id, r]));
  const loaded = await ctx.store.reportsWithMentions(reports.map((r) => r.id));
  if (q.intent.type === 'attribution') {
    // Only the actor a report is about speaks for its activity: an actor it mentions in
    // passing ("APT33 has used the same RAT") is not whom the report blames.
    const actors = [
      ...new Set(
        loaded.flatMap(({ report, mentions }) => {
          const titled = titleActorsOf(
            report.title,
            ctx.analysis.analyze({ text: report.title }).mentions,
            mentions,
          );
          const primary = primaryActorOf(mentions, titled);
          return primary ? [primary] : [];
        }),
      ),
    ];
    if (actors.length === 0) return [];
    const claims = (await ctx.store.claimsAbout(actors, ctx.clearance)).items.filter((c) =>
      byId.has(c.report.id),
    );
    // "Who is behind the Spanish-language Bandook lures?": the report names the group it is
    // about (TA2721) and ties it to no country; the group is the answer, cited where named.
    // Only a group the report keeps naming (or names in its title) is what it is about; one named
    // once or twice is a comparison ("techniques used by groups such as APT33").
    const about = (actor: string) =>
      loaded.some(({ report, mentions }) => {
        const spans = sentenceSpans(report.text);
        const sentences = new Set(
          mentions
            .filter((m) => m.kind === 'actor' && m.canonical === actor)
            .map((m) => spans.findIndex((s) => s.start <= m.start && m.end <= s.end)),
        );
        return (
          sentences.size >= 3 ||
          ctx.analysis
            .analyze({ text: report.title })
            .mentions.some((m) => m.kind === 'actor' && m.canonical === actor)
        );
      });
    const unattributed = actors.filter((a) => !claims.some((c) => c.subject === a) && about(a));
    const named: AnswerClaim[] = [];
    for (const actor of unattributed) {
      for (const { report, mentions } of loaded) {
        const first = mentions.find((m) => m.kind === 'actor' && m.canonical === actor);
        const span =
          first &&
          sentenceSpans(report.text).find((s) => s.start <= first.start && first.end <= s.end);
        if (!span) continue;
        named.push(
          book.claim(actor, [
            { report: byId.get(report.id)!, quote: report.text.slice(span.start, span.end) },
          ]),
        );
        break;
      }
    }
    const namedSection: AnswerSection[] = named.length
      ? [{ title: 'The actor these reports are about', claims: named }]
      : [];
    const lines: AnswerClaim[] = [];
    for (const a of assessAttributions(
      claims.map((c) => ({
        claim: c,
        reportId: c.report.id,
        publisher: c.report.publisher,
        reliability: c.report.reliability,
        aiGenerated: c.report.aiGenerated,
      })),
    ).slice(0, 4)) {
      const evidence = claims
        .filter((c) => c.subject === a.subject && (c.country === a.object || c.object === a.object))
        .slice(0, 2)
        .map((c) => ({ report: c.report, quote: c.quote }));
      if (evidence.length)
        lines.push(
          book.claim(`${a.subject}: ${attributedTo(a)} (${a.label} confidence)`, evidence),
        );
    }
    return [
      ...namedSection,
      ...(lines.length ? [{ title: 'Attribution in these reports', claims: lines }] : []),
    ];
  }
  if (q.intent.type === 'when') return datedSections(ctx, q, reports, book);
  const listed = LISTED[q.intent.type];
  if (!listed) return [];
  const claims: AnswerClaim[] = [];
  const seen = new Set<string>();
  for (const { report, mentions } of loaded) {
    const { text } = report;
    const spans = sentenceSpans(text);
    for (const m of mentions) {
      if (!listed.kinds.includes(m.kind) || seen.has(`${m.kind}:${m.canonical}`)) continue;
      const span = spans.find((s) => s.start <= m.start && m.end <= s.end);
      if (!span) continue;
      // A target is a place or sector the sentence says was attacked, not every one it names.
      if (q.intent.type === 'targets' && !isTargeted(text, span, m)) continue;
      seen.add(`${m.kind}:${m.canonical}`);
      claims.push(
        book.claim(label(m), [
          { report: byId.get(report.id)!, quote: text.slice(span.start, span.end) },
        ]),
      );
      if (claims.length >= 15) break;
    }
  }
  return claims.length ? [{ title: listed.title, claims }] : [];
}
