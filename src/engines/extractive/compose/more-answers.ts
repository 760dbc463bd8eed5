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
import type { ThreadContext } from '../../../core/model/thread.ts';
import { isoDay } from '../../../core/text/dates.ts';
import { sentenceSpans } from '../../../core/text/sentences.ts';
import { type Ctx, draft, ENGINE } from './context.ts';

/** Reports a page shows. */
export const MORE_PAGE = 10;

/** Which page this "more" asks for: one past the "more"s asked just before it in the thread. */
function pageOf(thread: ThreadContext): number {
  const asked = thread.questions ?? [];
  let page = 0;
  for (let i = asked.length - 1; i >= 0 && MORE.test(asked[i]!); i--) page++;
  return page;
}

export async function moreAnswer(ctx: Ctx, thread: ThreadContext): Promise<Answer> {
  const actor = thread.subjects[0]!;
  const page = pageOf(thread);
  const found = await ctx.store.reportsMentioning({
    entities: [{ kind: 'actor', canonical: actor }, ...brandOf(ctx.analysis, actor)],
    clearance: ctx.clearance,
    order: 'newest',
    limit: (page + 1) * MORE_PAGE,
  });
  const shown = found.items.slice(page * MORE_PAGE).map((h) => h.report);
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
  const loaded = new Map(
    (
      await ctx.store.reportsWithMentions(
        shown.map((r) => r.id),
        { except: ['indicator'] },
      )
    ).map((r) => [r.report.id, r]),
  );
  const book = new CitationBook();
  const claims: AnswerClaim[] = [];
  for (const report of shown) {
    const full = loaded.get(report.id);
    if (!full) continue;
    // The first sentence naming the actor, past the title (shown already).
    const text = full.report.text;
    const spans = sentenceSpans(text);
    const naming = full.mentions
      .filter((m) => isAbout(m, actor, ctx))
      .map((m) => spans.find((s) => s.start <= m.start && m.end <= s.end))
      .filter((s) => s !== undefined);
    const span =
      naming.find((s) => text.slice(s.start, s.end).trim() !== report.title.trim()) ?? naming[0];
    const quote = span ? text.slice(span.start, span.end) : report.title;
    claims.push(
      book.claim(`${isoDay(report.published ?? report.ingestedAt)}: ${report.title}`, [
        { report, quote },
      ]),
    );
  }
  const from = page * MORE_PAGE + 1;
  const to = page * MORE_PAGE + claims.length;
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

function isAbout(m: { kind: string; canonical: string }, actor: string, ctx: Ctx): boolean {
  if (m.kind === 'actor') return m.canonical === actor;
  return brandOf(ctx.analysis, actor).some((b) => b.kind === m.kind && b.canonical === m.canonical);
}
