/**
 * @module "more" in a thread about an actor: a profile shows a bounded set of reports; each "more"
 * shows the next page of every report naming the actor, newest first, each with the sentence that
 * names it. What a page reads is bounded by the pages asked for, not by how much is stored.
 */
import { brandOf } from '../../../core/analysis/actor-dossier.ts';
import { CitationBook } from '../../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../../core/answer/finalize.ts';
import { MORE } from '../../../core/answer/intents.ts';
import type { Answer, AnswerClaim } from '../../../core/model/answer.ts';
import type { ReportSummary } from '../../../core/model/report.ts';
import type { ThreadContext } from '../../../core/model/thread.ts';
import type { EntityRef } from '../../../core/ports/analysis-store.ts';
import { isoDay } from '../../../core/text/dates.ts';
import { sentenceSpans } from '../../../core/text/sentences.ts';
import { shownSentence } from '../../../core/text/shown-sentence.ts';
import { type Ctx, draft, ENGINE } from './context.ts';

/** Reports a page shows. */
export const MORE_PAGE = 10;

export async function moreAnswer(ctx: Ctx, thread: ThreadContext): Promise<Answer> {
  const actor = thread.subjects[0]!;
  const entities = [{ kind: 'actor' as const, canonical: actor }, ...brandOf(ctx.analysis, actor)];
  const read = (limit: number) =>
    ctx.store.reportsMentioning({ entities, clearance: ctx.clearance, order: 'newest', limit });
  // After a "more" page, the next one starts past the last report it showed (the thread keeps its
  // citations, newest first); after anything else, at the newest report.
  const last = MORE.test(thread.questions?.at(-1) ?? '')
    ? thread.citations.at(-1)?.reportId
    : undefined;
  let start = 0;
  let found = await read(MORE_PAGE);
  if (last) {
    for (let limit = 64; ; limit *= 4) {
      found = await read(limit);
      const at = found.items.findIndex((h) => h.report.id === last);
      const pageRead = found.items.length >= Math.min(found.matched, at + 1 + MORE_PAGE);
      // Found with a whole page after it, or nothing more stored (gone: start again, newest first).
      if ((at >= 0 && pageRead) || found.items.length < limit) {
        start = at + 1;
        break;
      }
    }
  }
  const shown = found.items.slice(start, start + MORE_PAGE).map((h) => h.report);
  if (shown.length === 0)
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: `More on ${actor}`,
        summary: `No more reports name ${actor}: all ${found.matched} were shown.`,
        sections: [],
        withheld: found.withheldReports,
        subjects: [actor],
      }),
      new CitationBook(),
      ENGINE,
    );
  const book = new CitationBook();
  const claims = await reportLines(ctx, shown, entities, book);
  const from = start + 1;
  const to = start + claims.length;
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `More on ${actor}`,
      summary: `Reports ${from}-${to} of ${found.matched} naming ${actor}, newest first${
        to < found.matched ? '; reply "more" for the next ones' : ''
      }`,
      sections: [{ title: 'Reports', claims }],
      withheld: found.withheldReports,
      subjects: [actor],
    }),
    book,
    ENGINE,
  );
}

/**
 * One line per report, "date: title" (or the sentence), cited by the first sentence past the
 * title that names one of `entities` (the title when none does).
 */
export async function reportLines(
  ctx: Ctx,
  reports: ReportSummary[],
  entities: EntityRef[],
  book: CitationBook,
  /** What follows the date: the report's title, or the sentence that names the entity. */
  show: 'title' | 'sentence' = 'title',
): Promise<AnswerClaim[]> {
  const loaded = new Map(
    (
      await ctx.store.reportsWithMentions(
        reports.map((r) => r.id),
        { except: ['indicator'] },
      )
    ).map((r) => [r.report.id, r]),
  );
  const wanted = new Set(entities.map((e) => `${e.kind}\u0000${e.canonical}`));
  const claims: AnswerClaim[] = [];
  for (const report of reports) {
    const full = loaded.get(report.id);
    if (!full) continue;
    const text = full.report.text;
    const spans = sentenceSpans(text);
    const naming = full.mentions
      .filter((m) => wanted.has(`${m.kind}\u0000${m.canonical}`))
      .map((m) => spans.find((s) => s.start <= m.start && m.end <= s.end))
      .filter((s) => s !== undefined);
    const span =
      naming.find((s) => text.slice(s.start, s.end).trim() !== report.title.trim()) ?? naming[0];
    const quote = span ? text.slice(span.start, span.end) : report.title;
    const said = show === 'sentence' && span ? shownSentence(quote) : report.title;
    claims.push(
      book.claim(`${isoDay(report.published ?? report.ingestedAt)}: ${said}`, [{ report, quote }]),
    );
  }
  return claims;
}
