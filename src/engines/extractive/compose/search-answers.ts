/** @module Answers found by searching: free questions, `search`, `sources`, and who targets a sector or place. */
import { brandOf, buildActorDossier } from '../../../core/analysis/actor-dossier.ts';
import { CitationBook, type Quoted } from '../../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../../core/answer/finalize.ts';
import type { Intent } from '../../../core/answer/intents.ts';
import type { NamedThing, Question } from '../../../core/answer/question.ts';
import { findSentences, type RetrievedSentence } from '../../../core/answer/retrieve.ts';
import type { EntityKind, FactKind } from '../../../core/model/analysis.ts';
import type { Answer, AnswerClaim, AnswerSection } from '../../../core/model/answer.ts';
import type { ReportSummary } from '../../../core/model/report.ts';
import type { ThreadContext } from '../../../core/model/thread.ts';
import { isoDay } from '../../../core/text/dates.ts';
import { defang } from '../../../core/text/defang.ts';
import { shownSentence } from '../../../core/text/shown-sentence.ts';
import { type Phrase, queryPhrases } from '../../../core/text/terms.ts';
import type { TimeWindow } from '../../../core/text/time-window.ts';
import { ANSWER_SHAPES } from './answer-shape.ts';
import { type Ctx, draft, ENGINE, nothingCovers, reportCount, summaryLine } from './context.ts';
import { reportLines } from './more-answers.ts';
import { focusReports, reportSections } from './report-answers.ts';

/** Reports read for "who targets X": those naming X most (what the answer can show is bounded). */
const TARGET_REPORTS = 300;

/** Actors named in the reports, from the entity index (no report text is read). */
async function actorsIn(ctx: Ctx, reportIds: string[]): Promise<string[]> {
  return [...new Set((await ctx.store.entitiesIn(reportIds, ['actor'])).map((e) => e.canonical))];
}

/** "who else targets embassies?": actors bound to that target by the reports' own sentences. */
export async function whoTargetsAnswer(ctx: Ctx, q: Question, exclude: string[]): Promise<Answer> {
  const targets = q.topics;
  if (targets.length === 0) return generalAnswer(ctx, q, exclude);
  const hits = await ctx.store.reportsMentioning({
    entities: targets.map((t) => ({ kind: t.kind, canonical: t.canonical })),
    clearance: ctx.clearance,
    limit: TARGET_REPORTS,
  });
  const book = new CitationBook();
  const byActor = new Map<string, { report: ReportSummary; quote: string }[]>();
  const kinds = new Set(targets.map((t) => `targets:${t.kind}`));
  const names = new Set(targets.map((t) => t.canonical));
  const reports = new Map(hits.items.map((h) => [h.report.id, h.report]));
  const actors = await actorsIn(ctx, [...reports.keys()]);
  // Only those reports' target statements are read, never every report naming the actors.
  const facts = await ctx.store.factsAbout(actors, ctx.clearance, {
    reportIds: [...reports.keys()],
    kinds: [...kinds] as FactKind[],
  });
  for (const f of facts.items) {
    const report = reports.get(f.report.id);
    if (!report || !kinds.has(f.kind) || !names.has(f.value) || exclude.includes(f.subject))
      continue;
    byActor.set(f.subject, [...(byActor.get(f.subject) ?? []), { report, quote: f.quote }]);
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

/** Each named thing as a group of the ways it may be written. */
function spellingsOf(things: NamedThing[]): Phrase[][] {
  return things.map((t) => t.forms);
}

/** Kinds of names that make a sentence a better answer to each kind of question. */
const ANSWER_KINDS: Partial<Record<Intent['type'], EntityKind[]>> = {
  attribution: ['actor', 'country', 'originator'],
  tools: ['malware', 'tool'],
  targets: ['sector', 'country', 'region'],
  techniques: ['technique'],
  vulnerabilities: ['cve'],
  indicators: ['indicator'],
  general: ['actor', 'malware'],
};

/** Re-ranks sentences by whether they name what the question asks for (an actor for "who"). */
async function rankByMentions(
  ctx: Ctx,
  sentences: RetrievedSentence[],
  kinds: EntityKind[] | undefined,
): Promise<RetrievedSentence[]> {
  if (!kinds || sentences.length < 2) return sentences;
  const ids = [...new Set(sentences.map((s) => s.report.id))];
  const mentions = new Map(
    (await ctx.store.reportsWithMentions(ids)).map((r) => [r.report.id, r.mentions]),
  );
  const bonus = (s: RetrievedSentence) =>
    (mentions.get(s.report.id) ?? []).some(
      (m) => kinds.includes(m.kind) && m.start >= s.start && m.end <= s.end,
    )
      ? 2
      : 0;
  return [...sentences].sort((a, b) => b.score + bonus(b) - (a.score + bonus(a)));
}

const BINDING_KINDS = new Set<FactKind>([
  'uses:malware',
  'uses:tool',
  'exploits:cve',
  'indicator',
  'uses:technique',
]);

/** Actors the reports bind to a malware family, a CVE or an indicator, with the sentence that does. */
async function actorsBoundTo(
  ctx: Ctx,
  things: NamedThing[],
): Promise<{ actor: string; report: ReportSummary; quote: string }[]> {
  const hits = await ctx.store.reportsMentioning({
    entities: things.map((t) => ({ kind: t.kind, canonical: t.canonical })),
    clearance: ctx.clearance,
    limit: 50,
  });
  const reports = new Map(hits.items.map((h) => [h.report.id, h.report]));
  if (reports.size === 0) return [];
  const actors = await actorsIn(ctx, [...reports.keys()]);
  if (actors.length === 0) return [];
  const values = new Set(things.map((t) => t.canonical.toLowerCase()));
  const facts = await ctx.store.factsAbout(actors, ctx.clearance, {
    reportIds: [...reports.keys()],
    kinds: [...BINDING_KINDS],
  });
  return facts.items.flatMap((f) => {
    const report = reports.get(f.report.id);
    return report && BINDING_KINDS.has(f.kind) && values.has(f.value.toLowerCase())
      ? [{ actor: f.subject, report, quote: f.quote }]
      : [];
  });
}

/** Kinds of question a period alone can answer from the reports dated in it. */
const PERIOD_LISTS = new Set<Intent['type']>([
  'vulnerabilities',
  'tools',
  'techniques',
  'indicators',
  'targets',
]);

/** Reports a "latest on" answer lists. */
const LATEST_REPORTS = 5;

async function latestOn(ctx: Ctx, things: NamedThing[]): Promise<Answer> {
  const entities = things.map((t) => ({ kind: t.kind, canonical: t.canonical }));
  const found = await ctx.store.reportsMentioning({
    entities,
    clearance: ctx.clearance,
    order: 'newest',
    limit: LATEST_REPORTS,
  });
  const what = things.map((t) => t.surface).join(', ');
  if (found.items.length === 0) return nothingCovers(ctx, [], found.withheldReports, what);
  const book = new CitationBook();
  const claims = await reportLines(
    ctx,
    found.items.map((h) => h.report),
    entities,
    book,
    'sentence',
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `Latest on ${what}`,
      summary: `The newest ${claims.length} of ${found.matched} stored reports naming ${what}`,
      sections: [{ title: 'Latest reporting', claims }],
      withheld: found.withheldReports,
      subjects: [],
    }),
    book,
    ENGINE,
  );
}

/** Kinds each period list reads. */
const PERIOD_KINDS: Partial<Record<Intent['type'], EntityKind[]>> = {
  vulnerabilities: ['cve'],
  tools: ['malware', 'tool'],
  techniques: ['technique'],
  indicators: ['indicator'],
  targets: ['sector', 'country', 'region'],
};

/** Reports of a period looked at (the latest ingested), and read for a list (the newest naming the kind). */
const PERIOD_SCANNED = 500;
const PERIOD_REPORTS = 40;

async function periodAnswer(ctx: Ctx, q: Question, window: TimeWindow): Promise<Answer> {
  const { items, withheldReports } = await ctx.store.visibleReports({
    clearance: ctx.clearance,
    datedFrom: window.from,
    datedTo: window.to,
    limit: PERIOD_SCANNED,
  });
  const naming = new Set(
    (
      await ctx.store.entitiesIn(
        items.map((r) => r.id),
        PERIOD_KINDS[q.intent.type] ?? [],
      )
    ).map((e) => e.reportId),
  );
  const newest = items
    .filter((r) => naming.has(r.id))
    .sort((a, b) => (b.published ?? b.ingestedAt).localeCompare(a.published ?? a.ingestedAt))
    .slice(0, PERIOD_REPORTS);
  const book = new CitationBook();
  const sections = await reportSections(ctx, q, newest, book);
  if (sections.length === 0)
    return nothingCovers(ctx, [], withheldReports, `that ${window.phrase}`);
  const cited = book.build().citations.length;
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: ctx.query,
      summary: `${reportCount(cited, 'From')} dated ${window.phrase}${
        naming.size > newest.length ? ` (the newest ${newest.length} of ${naming.size} read)` : ''
      }`,
      sections,
      withheld: withheldReports,
      subjects: [],
    }),
    book,
    ENGINE,
  );
}

/** Sentences that answer a question, ranked; "no stored report covers that" when none does. */
export async function generalAnswer(
  ctx: Ctx,
  q: Question,
  subjects: string[],
  /** "all": only reports naming every subject ("APT28 and APT29"); "any": reports naming one. */
  match: 'all' | 'any' = 'any',
): Promise<Answer> {
  let reportIds: string[] | undefined;
  let withheld = 0;
  if (subjects.length) {
    const groups = match === 'all' ? subjects.map((s) => [s]) : [subjects];
    for (const group of groups) {
      const hits = await ctx.store.reportsMentioning({
        entities: group.flatMap((s) => [
          { kind: 'actor' as const, canonical: s },
          ...brandOf(ctx.analysis, s),
        ]),
        clearance: ctx.clearance,
      });
      const ids = hits.items.map((h) => h.report.id);
      reportIds = reportIds ? reportIds.filter((id) => ids.includes(id)) : ids;
      withheld = Math.max(withheld, hits.withheldReports);
    }
    if (reportIds?.length === 0)
      return nothingCovers(
        ctx,
        subjects,
        withheld,
        match === 'all' ? subjects.join(' and ') : 'that',
      );
  }
  // "Which CVEs were exploited in 2021?": no name and no other word, only a kind and a period; the
  // reports dated in that period answer it, newest first.
  // "What's new with Emotet?": the newest reports naming it, each cited where it is named.
  if (subjects.length === 0 && q.intent.type === 'latest' && q.software.length && !q.window)
    return latestOn(ctx, q.software);
  // A year that is the question's only word is the period it asks about.
  const year =
    q.terms.length === 1 ? /^(?:19|20)\d\d$/.exec(q.terms[0]!.join(' '))?.[0] : undefined;
  const period =
    q.window && q.terms.length === 0
      ? q.window
      : year && !q.window
        ? {
            from: `${year}-01-01T00:00:00.000Z`,
            to: `${year}-12-31T23:59:59.999Z`,
            phrase: `in ${year}`,
          }
        : null;
  if (
    subjects.length === 0 &&
    period &&
    q.identifiers.length + q.software.length + q.topics.length === 0 &&
    PERIOD_LISTS.has(q.intent.type)
  )
    return periodAnswer(ctx, { ...q, terms: [] }, period);
  // A named thing the question is about must be in the sentence; an indicator or CVE always.
  const required = spellingsOf([...q.identifiers, ...q.software]);
  const terms = q.terms;
  const groups = spellingsOf(q.topics);
  const shape = ANSWER_SHAPES[q.intent.type];
  const prefer = shape?.prefer;
  const query = {
    terms,
    groups,
    clearance: ctx.clearance,
    limit: 12,
    window: q.window,
    ...(reportIds ? { reportIds } : {}),
    ...(prefer ? { prefer } : {}),
  };
  // Names the question holds ("who broke into Malwarebytes?") should be in the answer; when no
  // sentence holds them all, the words decide alone.
  const strict =
    subjects.length === 0 && q.proper.length
      ? await findSentences(ctx.store, {
          ...query,
          required: [...required, ...q.proper.map((p) => [p])],
        })
      : null;
  let found = strict?.sentences.length
    ? strict
    : await findSentences(ctx.store, { ...query, required });
  // "When was FK_Undead first seen?": a report about the malware may say it of "this family"
  // without its name; search those reports for a sentence of the right shape.
  const needs = shape?.needs;
  if (
    q.software.length &&
    subjects.length === 0 &&
    needs &&
    !found.sentences.some((s) => needs(s.text))
  ) {
    const about = await ctx.store.reportsMentioning({
      entities: q.software.map((s) => ({ kind: s.kind, canonical: s.canonical })),
      clearance: ctx.clearance,
      limit: 10,
    });
    if (about.items.length && q.terms.length)
      found = await findSentences(ctx.store, {
        ...query,
        required: spellingsOf(q.identifiers),
        reportIds: about.items.map((h) => h.report.id),
      });
  }
  withheld = Math.max(withheld, found.withheld);
  const book = new CitationBook();
  const sections: AnswerSection[] = [];
  // Lists by nature (techniques, indicators, CVEs) come from the reports a question is about; a
  // "which X did Y" question is answered by its best sentence when one holds it outright.
  const listing = ['techniques', 'indicators', 'vulnerabilities', 'attribution'].includes(
    q.intent.type,
  );
  const outright = found.sentences.some(
    (s) => s.coverage >= 0.75 && (!shape?.needs || shape.needs(s.text)),
  );
  // "Which ransomware hit X?" wants one name, not everything its report names.
  const wantsOne = /^\s*which\b/i.test(q.text) && !listing;
  if (subjects.length === 0 && (listing || (!outright && !wantsOne) || q.also)) {
    const focus = await focusReports(ctx, q, required);
    sections.push(...(await reportSections(ctx, q, focus, book)));
    // "Who is behind the fake VPN sites, and what do they install?": the second clause too.
    if (q.also)
      sections.push(...(await reportSections(ctx, { ...q, intent: q.also }, focus, book)));
  }
  const named = [...q.identifiers, ...q.software];
  const asksWho = ['attribution', 'tools', 'general', 'who-targets', 'profile'].includes(
    q.intent.type,
  );
  if (named.length && subjects.length === 0 && asksWho) {
    const bound = await actorsBoundTo(ctx, named);
    const byActor = new Map<string, Quoted[]>();
    for (const b of bound) byActor.set(b.actor, [...(byActor.get(b.actor) ?? []), b]);
    const claims = [...byActor.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .slice(0, 6)
      .map(([actor, evidence]) => book.claim(actor, evidence.slice(0, 2)));
    if (claims.length)
      sections.push({ title: `Actors tied to ${named.map((n) => n.surface).join(', ')}`, claims });
  }
  // Not again what a section above already quotes; a table row only for list questions.
  const quoted = new Set(
    sections.flatMap((sec) => sec.claims.flatMap((c) => c.evidence.map((e) => e.quote))),
  );
  const fitting = found.sentences.filter(
    (s) =>
      (!shape?.needs || shape.needs(s.text)) &&
      !quoted.has(s.text) &&
      (['techniques', 'indicators', 'vulnerabilities', 'tools'].includes(q.intent.type) ||
        !/^\s*\|/.test(s.text)),
  );
  const ranked = (await rankByMentions(ctx, fitting, ANSWER_KINDS[q.intent.type])).slice(0, 4);
  if (ranked.length)
    sections.push({
      title: 'What the reports say',
      claims: ranked.map((s) =>
        book.claim(shownSentence(s.text), [{ report: s.report, quote: s.text }]),
      ),
    });
  if (sections.length === 0) {
    const what = q.identifiers.length
      ? q.identifiers
          .map((i) => (i.kind === 'indicator' ? defang(i.canonical) : i.canonical))
          .join(', ')
      : 'that';
    return nothingCovers(ctx, subjects, withheld, what);
  }
  // "Who is behind the Mjag dropper?" when no report names anyone: say so, then what they say.
  const namesNobody =
    q.intent.type === 'attribution' &&
    subjects.length === 0 &&
    !sections.some((sec) => sec.title !== 'What the reports say') &&
    !ranked.some((r) =>
      /\b(?:attribut\w*|behind|responsib\w*|linked|sponsor\w*|tied to)\b/i.test(r.text),
    );
  const reports = new Set(
    sections.flatMap((sec) => sec.claims.flatMap((c) => c.citations)).length
      ? book.build().citations.map((c) => c.reportId)
      : ranked.map((s) => s.report.id),
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: ctx.query,
      summary: `${reportCount(reports.size, 'From')}${q.window ? ` (${q.window.phrase})` : ''}${
        namesNobody
          ? reports.size === 1
            ? '; it does not say who is behind it'
            : '; none of them says who is behind it'
          : ''
      }`,
      sections,
      withheld,
      subjects,
    }),
    book,
    ENGINE,
  );
}

export async function searchAnswer(ctx: Ctx, terms: string): Promise<Answer> {
  const phrases = queryPhrases(terms);
  const all = await findSentences(ctx.store, {
    required: phrases.map((p) => [p]),
    terms: [],
    clearance: ctx.clearance,
    limit: 6,
  });
  const found =
    all.sentences.length || phrases.length < 2
      ? all
      : await findSentences(ctx.store, {
          required: [],
          terms: phrases,
          clearance: ctx.clearance,
          limit: 6,
          minCoverage: 0.5,
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
  const { items: reports } = await ctx.store.visibleReports({
    limit: 10,
    clearance: ctx.clearance,
  });
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
