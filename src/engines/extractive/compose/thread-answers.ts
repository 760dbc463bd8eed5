import { CitationBook } from '../../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../../core/answer/finalize.ts';
import type { Answer, AnswerClaim } from '../../../core/model/answer.ts';
import type { ThreadContext } from '../../../core/model/thread.ts';
import { isWithinClearance } from '../../../core/model/tlp.ts';
import { isoDay } from '../../../core/text/dates.ts';
import { actorAnswer } from './actor-answers.ts';
import { type Ctx, draft, ENGINE } from './context.ts';

export function citationAnswer(ctx: Ctx, thread: ThreadContext | null, n: number): Answer {
  // A clearance lowered since the answer was given applies to its sources too.
  const citation = thread?.citations.find(
    (c) => c.n === n && isWithinClearance(c.tlp, ctx.clearance),
  );
  if (!citation) {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        // A number too large to hold exactly is not echoed rounded ("[100000000000000000000]").
        title: Number.isSafeInteger(n) ? `Source [${n}]` : 'No such source',
        summary: thread?.citations.length
          ? `This thread has sources [1] to [${thread.citations.length}].`
          : 'There is no earlier answer with sources in this thread.',
        sections: [],
        withheld: 0,
        subjects: thread?.subjects ?? [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  // The source keeps its number from the answer it came from.
  return {
    kind: 'citation',
    query: ctx.query,
    title: `Source [${n}]: ${citation.title}`,
    summary: [
      citation.publisher ?? 'unknown publisher',
      isoDay(citation.published),
      `reliability ${citation.reliability}`,
      `TLP:${citation.tlp}`,
    ].join(' · '),
    sections: [
      {
        title: 'Quoted',
        claims: citation.quotes.map((q) => ({
          text: q,
          citations: [n],
          evidence: [{ n, quote: q }],
        })),
      },
    ],
    attribution: [],
    citations: [citation],
    withheld: 0,
    clearance: ctx.clearance,
    suggestions: [],
    subjects: thread?.subjects ?? [],
    engine: ENGINE,
    notice: null,
  };
}

export async function storyAnswer(
  ctx: Ctx,
  thread: ThreadContext | null,
  n: number,
): Promise<Answer> {
  const item = thread?.digestItems.find((i) => i.n === n);
  if (!item) {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: `Item ${n}`,
        summary: thread?.digestItems.length
          ? // No range: items above the clearance are left out, and gaps would show where.
            `The briefing in this thread has no item ${n} to show here.`
          : 'There is no briefing in this thread to refer to.',
        sections: [],
        withheld: 0,
        subjects: thread?.subjects ?? [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  const visible = await ctx.store.getReportSummaries(item.reportIds, ctx.clearance);
  const reports = item.reportIds;
  if (item.actors[0]) {
    const answer = await actorAnswer(ctx, item.actors[0], 'profile');
    return {
      ...answer,
      title: `Item ${n}: ${item.title}`,
      withheld: Math.max(answer.withheld, reports.length - visible.length),
    };
  }
  const book = new CitationBook();
  const claims: AnswerClaim[] = [];
  for (const report of visible) {
    const text = await ctx.readText(report.id);
    const first = text?.split('\n').find((l) => l.length > 60);
    if (first) claims.push(book.claim(first, [{ report, quote: first }]));
  }
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `Item ${n}: ${item.title}`,
      summary: `${visible.length} report${visible.length === 1 ? '' : 's'}`,
      sections: [{ title: 'Reports', claims }],
      withheld: reports.length - visible.length,
      subjects: item.actors,
    }),
    book,
    ENGINE,
  );
}
