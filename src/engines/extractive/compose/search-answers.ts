/** @module Answers found by searching: free questions, `search`, `sources`, and who targets a sector or place. */
import { buildActorDossier } from '../../../core/analysis/actor-dossier.ts';
import { CitationBook } from '../../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../../core/answer/finalize.ts';
import { detectIntent, type Intent } from '../../../core/answer/intents.ts';
import { retrieveSentences } from '../../../core/answer/retrieve.ts';
import type { Answer, AnswerClaim } from '../../../core/model/answer.ts';
import type { ReportSummary } from '../../../core/model/report.ts';
import type { ThreadContext } from '../../../core/model/thread.ts';
import { isWithinClearance } from '../../../core/model/tlp.ts';
import { isoDay } from '../../../core/text/dates.ts';
import { type Ctx, draft, ENGINE, nothingCovers, reportCount, summaryLine } from './context.ts';

/** "who else targets embassies?": actors named in the reports about that target. */
export async function whoTargetsAnswer(
  ctx: Ctx,
  question: string,
  exclude: string[],
): Promise<Answer> {
  const targets = ctx.analysis
    .analyze({ text: question })
    .mentions.filter(
      (m) =>
        m.kind === 'sector' ||
        m.kind === 'region' ||
        m.kind === 'country' ||
        m.kind === 'technology',
    );
  if (targets.length === 0) return generalAnswer(ctx, question, exclude);
  const hits = await ctx.store.reportsMentioning({
    entities: targets.map((t) => ({ kind: t.kind, canonical: t.canonical })),
    clearance: ctx.clearance,
  });
  const book = new CitationBook();
  const byActor = new Map<string, { report: ReportSummary; quote: string }[]>();
  for (const hit of hits.items) {
    const [mentions, text] = await Promise.all([
      ctx.store.mentionsOf(hit.report.id),
      ctx.readText(hit.report.id),
    ]);
    if (!text) continue;
    const target = mentions.find((m) =>
      targets.some((t) => t.kind === m.kind && t.canonical === m.canonical),
    );
    if (!target) continue;
    const actors = [
      ...new Set(mentions.filter((m) => m.kind === 'actor').map((m) => m.canonical)),
    ].filter((a) => !exclude.includes(a));
    const sentenceStart = Math.max(
      text.lastIndexOf('. ', target.start) + 2,
      text.lastIndexOf('\n', target.start) + 1,
      0,
    );
    const endDot = text.indexOf('. ', target.end);
    const endLine = text.indexOf('\n', target.end);
    const ends = [endDot === -1 ? text.length : endDot + 1, endLine === -1 ? text.length : endLine];
    const quote = text.slice(sentenceStart, Math.min(...ends)).trim();
    for (const actor of actors)
      byActor.set(actor, [...(byActor.get(actor) ?? []), { report: hit.report, quote }]);
  }
  if (byActor.size === 0)
    return nothingCovers(
      ctx,
      exclude,
      hits.withheldReports,
      `other actors targeting ${targets.map((t) => t.canonical).join(', ')}`,
    );
  const claims = [...byActor.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 8)
    .map(([actor, evidence]) => book.claim(actor, evidence.slice(0, 2)));
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `Who targets ${targets.map((t) => t.canonical).join(', ')}`,
      summary: `${byActor.size} actor${byActor.size === 1 ? '' : 's'} in stored reports about ${targets.map((t) => t.canonical).join(', ')}`,
      sections: [{ title: 'Actors', claims }],
      withheld: hits.withheldReports,
      subjects: exclude,
    }),
    book,
    ENGINE,
  );
}

/** Wording that answers each kind of question, to rank sentences when no actor profile applies. */
const PREFER: Partial<Record<Intent['type'], RegExp>> = {
  attribution:
    /\b(?:attribut\w*|responsib\w*|blam\w*|behind|sponsor\w*|linked|state-backed|state-sponsored)\b/i,
  tools: /\b(?:malware|backdoor|loader|ransomware|tool\w*|implant|payload)\b/i,
  targets: /\b(?:target\w*|victims?|against|hit)\b/i,
  when: /\b(?:since|first|began|started|in (?:19|20)\d\d)\b/i,
  how: /\b(?:exploit\w*|phish\w*|access|vulnerab\w*|technique\w*)\b/i,
};

export async function generalAnswer(
  ctx: Ctx,
  question: string,
  subjects: string[],
): Promise<Answer> {
  let reportIds: string[] | undefined;
  let withheld = 0;
  if (subjects.length) {
    const hits = await ctx.store.reportsMentioning({
      entities: subjects.map((s) => ({ kind: 'actor' as const, canonical: s })),
      clearance: ctx.clearance,
    });
    reportIds = hits.items.map((h) => h.report.id);
    withheld = hits.withheldReports;
  }
  const names = subjects.flatMap((s) => [
    s,
    ...(ctx.analysis.catalog.find(s, 'actor')?.aliases ?? []),
  ]);
  const prefer = PREFER[detectIntent(question).type];
  const found = await retrieveSentences(ctx.store, {
    text: question,
    subjectNames: names,
    clearance: ctx.clearance,
    limit: 4,
    ...(reportIds ? { reportIds } : {}),
    ...(prefer ? { prefer } : {}),
  });
  withheld = Math.max(withheld, found.withheld);
  if (found.sentences.length === 0) return nothingCovers(ctx, subjects, withheld);
  const book = new CitationBook();
  const claims = found.sentences.map((s) =>
    book.claim(s.text.length > 400 ? `${s.text.slice(0, 399)}…` : s.text, [
      { report: s.report, quote: s.text },
    ]),
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: ctx.query,
      summary: reportCount(new Set(found.sentences.map((s) => s.report.id)).size, 'From'),
      sections: [{ title: 'What the reports say', claims }],
      withheld,
      subjects,
    }),
    book,
    ENGINE,
  );
}

export async function searchAnswer(ctx: Ctx, terms: string): Promise<Answer> {
  const found = await retrieveSentences(ctx.store, {
    text: terms,
    subjectNames: [],
    clearance: ctx.clearance,
    limit: 6,
  });
  if (found.sentences.length === 0) {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: terms,
        summary: `No stored passage mentions "${terms}".`,
        sections: [],
        withheld: found.withheld,
        subjects: [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  const book = new CitationBook();
  const claims = found.sentences.map((s) =>
    book.claim(s.text, [{ report: s.report, quote: s.text }]),
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'search',
      title: `Search: ${terms}`,
      summary: `${claims.length} passage${claims.length === 1 ? '' : 's'}`,
      sections: [{ title: 'Passages', claims }],
      withheld: found.withheld,
      subjects: [],
    }),
    book,
    ENGINE,
  );
}

export async function sourcesAnswer(ctx: Ctx, thread: ThreadContext | null): Promise<Answer> {
  if (thread?.subjects.length) {
    const d = await buildActorDossier(ctx.store, ctx.analysis, thread.subjects[0]!, ctx.clearance);
    const book = new CitationBook();
    const claims: AnswerClaim[] = [];
    for (const report of d.reports) {
      const quote =
        d.related.flatMap((r) => r.evidence).find((e) => e.reportId === report.id)?.quote ??
        d.claims.find((c) => c.report.id === report.id)?.quote;
      if (quote)
        claims.push(
          book.claim(
            `${report.title} — ${report.publisher ?? 'unknown publisher'}, ${isoDay(report.published)}`,
            [{ report, quote }],
          ),
        );
    }
    return finalizeAnswer(
      draft(ctx, {
        kind: 'sources',
        title: `Sources on ${d.name}`,
        summary: summaryLine(d),
        sections: [{ title: 'Reports', claims }],
        withheld: d.withheld,
        subjects: thread.subjects,
      }),
      book,
      ENGINE,
    );
  }
  const reports = (await ctx.store.listReports({ limit: 50 })).filter((r) =>
    isWithinClearance(r.tlp, ctx.clearance),
  );
  const book = new CitationBook();
  const claims: AnswerClaim[] = [];
  for (const report of reports.slice(0, 10)) {
    const text = await ctx.readText(report.id);
    const first = text?.split('\n').find((l) => l.trim().length > 0);
    if (first)
      claims.push(
        book.claim(
          `${report.title} — ${report.publisher ?? 'unknown publisher'}, ${isoDay(report.published)}`,
          [{ report, quote: first }],
        ),
      );
  }
  return finalizeAnswer(
    draft(ctx, {
      kind: 'sources',
      title: 'Latest stored reports',
      summary: `${claims.length} of the newest reports`,
      sections: [{ title: 'Reports', claims }],
      withheld: 0,
      subjects: [],
    }),
    book,
    ENGINE,
  );
}
