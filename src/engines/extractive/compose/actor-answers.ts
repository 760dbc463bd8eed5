/** @module Answers about named actors: profiles, one aspect of a profile (tools, targets ...), comparisons. */
import {
  type ActorDossier,
  brandOf,
  buildActorDossier,
  restrictDossier,
} from '../../../core/analysis/actor-dossier.ts';
import { attributionLines } from '../../../core/answer/attribution-lines.ts';
import { CitationBook } from '../../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../../core/answer/finalize.ts';
import type { Intent } from '../../../core/answer/intents.ts';
import type { Question } from '../../../core/answer/question.ts';
import { findSentences, rankReports } from '../../../core/answer/retrieve.ts';
import type { Answer, AnswerClaim, AnswerSection } from '../../../core/model/answer.ts';
import { shownSentence } from '../../../core/text/shown-sentence.ts';
import { tokenize } from '../../../core/text/terms.ts';
import {
  activitySection,
  conflictsSection,
  indicatorsSection,
  reportingSection,
  targetEntities,
  targetsSection,
  techniquesSection,
  toolsSection,
  vulnerabilitiesSection,
  whenSection,
} from '../sections.ts';
import { type Ctx, draft, ENGINE, notFound, nothingCovers, summaryLine } from './context.ts';
import { reportLines } from './more-answers.ts';
import { reportSections } from './report-answers.ts';
import { supportingSentences } from './supporting.ts';

type Aspect = Intent['type'];

/** Sections each intent shows from the dossier (a profile shows them all). */
function dossierSections(
  d: ActorDossier,
  book: CitationBook,
  intent: Aspect,
): (AnswerSection | null)[] {
  switch (intent) {
    case 'attribution':
      return [conflictsSection(d, book)];
    case 'tools':
      return [toolsSection(d, book)];
    case 'targets':
      return [targetsSection(d, book)];
    case 'when':
      return [whenSection(d, book), conflictsSection(d, book), reportingSection(d, book)];
    case 'techniques':
      return [techniquesSection(d, book)];
    case 'vulnerabilities':
      return [vulnerabilitiesSection(d, book)];
    case 'how':
      return [
        techniquesSection(d, book),
        vulnerabilitiesSection(d, book),
        activitySection(d, book, 3),
      ];
    case 'indicators':
      return [indicatorsSection(d, book, 20)];
    case 'latest':
      // Read by actorAnswer (it needs the reports' sentences): see latestSection.
      return [];
    default:
      return [
        targetsSection(d, book),
        toolsSection(d, book),
        activitySection(d, book),
        whenSection(d, book),
        conflictsSection(d, book),
        indicatorsSection(d, book, 5),
        reportingSection(d, book),
      ];
  }
}

/** The newest reports about the actor, each by the sentence that names it. */
async function latestSection(
  ctx: Ctx,
  d: ActorDossier,
  book: CitationBook,
): Promise<AnswerSection | null> {
  const recent = [...d.reports]
    .sort((a, b) => (b.published ?? b.ingestedAt).localeCompare(a.published ?? a.ingestedAt))
    .slice(0, 5);
  const entities = [
    { kind: 'actor' as const, canonical: d.name },
    ...brandOf(ctx.analysis, d.name),
  ];
  const claims = await reportLines(ctx, recent, entities, book, 'sentence');
  return claims.length ? { title: 'Latest reporting', claims } : null;
}

const INTENT_TITLES: Partial<Record<Aspect, string>> = {
  attribution: 'Who is behind',
  tools: 'Malware and tools of',
  targets: 'Targets of',
  when: 'When was active:',
  how: 'How operates:',
  techniques: 'ATT&CK techniques of',
  vulnerabilities: 'Vulnerabilities exploited by',
  indicators: 'Indicators for',
  latest: 'Latest on',
};

/**
 * The reports a question narrows the actor to ("in its NATO-themed campaign", "these days"): the
 * ones holding most of its other words, or the newest. Null when nothing narrows it.
 */
async function narrowTo(
  ctx: Ctx,
  d: ActorDossier,
  q: Question | undefined,
): Promise<{ ids: Set<string>; why: string } | null> {
  if (!q) return null;
  let reports = d.reports;
  const why: string[] = [];
  if (q.window) {
    reports = reports.filter((r) => {
      const at = r.published ?? r.ingestedAt;
      return at >= q.window!.from && at <= q.window!.to;
    });
    why.push(q.window.phrase);
  } else if (q.recent && reports.length > 2) {
    reports = [...reports]
      .sort((a, b) => (b.published ?? b.ingestedAt).localeCompare(a.published ?? a.ingestedAt))
      .slice(0, 2);
    why.push('most recent reports');
  }
  const named = [...q.topics, ...q.software];
  const narrowing = [...q.terms, ...named.map((t) => tokenize(t.surface))];
  if (narrowing.length && reports.length > 1) {
    const ranked = await rankReports(ctx.store, {
      required: [],
      terms: q.terms,
      groups: named.map((t) => t.forms),
      reportIds: reports.map((r) => r.id),
      clearance: ctx.clearance,
    });
    const top = ranked.reports[0];
    if (top && top.coverage >= 0.5) {
      const ids = new Set(
        ranked.reports.filter((r) => r.coverage >= top.coverage * 0.85).map((r) => r.report.id),
      );
      if (ids.size < reports.length) {
        reports = reports.filter((r) => ids.has(r.id));
        why.push(`reports on ${narrowing.map((p) => p.join(' ')).join(' ')}`);
      }
    }
  }
  if (reports.length === d.reports.length || reports.length === 0) return null;
  return { ids: new Set(reports.map((r) => r.id)), why: why.join(', ') };
}

export async function actorAnswer(
  ctx: Ctx,
  actor: string,
  intent: Aspect,
  q?: Question,
): Promise<Answer> {
  const whole = await buildActorDossier(ctx.store, ctx.analysis, actor, ctx.clearance);
  if (whole.reports.length === 0) return notFound(ctx, actor, whole.withheld);
  const scope = intent === 'profile' && !q?.terms.length ? null : await narrowTo(ctx, whole, q);
  const d = scope ? restrictDossier(whole, scope.ids) : whole;
  const book = new CitationBook();
  book.reserve(d.reports);
  const showAttribution = intent === 'profile' || intent === 'attribution' || intent === 'general';
  const attribution = showAttribution ? attributionLines(d, book) : [];
  const sections = dossierSections(d, book, intent);
  if (intent === 'latest') sections.push(await latestSection(ctx, d, book));
  // Narrowed to a campaign's reports where the analysis bound nothing of this kind to the actor:
  // what those reports name of that kind is the best evidence there is.
  // (The attribution lines above already say who is behind it.)
  if (
    scope &&
    q &&
    !sections.some((s) => s !== null) &&
    !(intent === 'attribution' && attribution.length)
  )
    sections.push(...(await reportSections(ctx, q, d.reports, book)));
  // Attribution lines cite their own sentences; more sentences would only add noise, unless the
  // question narrowed the actor to reports of its own.
  const answered =
    (intent === 'attribution' && attribution.length > 0 && !scope) ||
    (intent === 'latest' && sections.some((s) => s !== null));
  if (q && intent !== 'profile' && !answered) {
    // Narrowed by its words to one campaign's report or two: every sentence there is about it.
    const campaign = scope?.why.includes('reports on') === true && d.reports.length <= 2;
    const support = await supportingSentences(ctx, d, q, book, 2, campaign);
    if (support) sections.push(support);
  }
  const summary = scope ? `${summaryLine(d)} · from ${scope.why}` : summaryLine(d);
  const answer = finalizeAnswer(
    draft(ctx, {
      kind: intent === 'profile' || intent === 'general' ? 'profile' : 'answer',
      title: INTENT_TITLES[intent] ? `${INTENT_TITLES[intent]!.replace(/:$/, '')} ${actor}` : actor,
      summary,
      sections,
      attribution,
      withheld: d.withheld,
      subjects: [actor],
    }),
    book,
    ENGINE,
  );
  if (answer.sections.length === 0 && answer.attribution.length === 0) {
    // Named only in passing ("Among others, we find APT15, APT27 or ..."): a profile shows where.
    const named = intent === 'profile' || intent === 'general' ? await namedIn(ctx, d, book) : null;
    if (named)
      return finalizeAnswer(
        draft(ctx, {
          kind: 'profile',
          title: actor,
          summary,
          sections: [named],
          attribution: [],
          withheld: d.withheld,
          subjects: [actor],
        }),
        book,
        ENGINE,
      );
    return nothingCovers(ctx, [actor], d.withheld, `that for ${actor}`);
  }
  return answer;
}

/** The sentences naming an actor the analysis bound nothing to, a few reports' worth. */
async function namedIn(
  ctx: Ctx,
  d: ActorDossier,
  book: CitationBook,
): Promise<AnswerSection | null> {
  const names = [d.name, ...d.aliases].map(tokenize).filter((p) => p.length > 0);
  if (names.length === 0) return null;
  const found = await findSentences(ctx.store, {
    required: [names],
    terms: [],
    reportIds: d.reports.map((r) => r.id),
    clearance: ctx.clearance,
    limit: 10,
    minCoverage: 0,
  });
  const claims: AnswerClaim[] = [];
  const seen = new Set<string>();
  for (const s of found.sentences) {
    if (claims.length >= 3 || seen.has(s.report.id)) continue;
    seen.add(s.report.id);
    claims.push(book.claim(shownSentence(s.text), [{ report: s.report, quote: s.text }]));
  }
  return claims.length ? { title: 'Named in passing', claims } : null;
}

export async function compareAnswer(ctx: Ctx, actors: string[]): Promise<Answer> {
  const dossiers = await Promise.all(
    actors.slice(0, 2).map((a) => buildActorDossier(ctx.store, ctx.analysis, a, ctx.clearance)),
  );
  const missing = dossiers.find((d) => d.reports.length === 0);
  if (missing) return notFound(ctx, missing.name, missing.withheld);
  const book = new CitationBook();
  for (const d of dossiers) book.reserve(d.reports);
  const sections: (AnswerSection | null)[] = [];
  const attribution = dossiers.flatMap((d) => attributionLines(d, book).slice(0, 2));
  for (const d of dossiers) {
    const parts = [targetsSection(d, book), toolsSection(d, book)].filter(
      (s): s is AnswerSection => s !== null,
    );
    sections.push({ title: d.name, claims: parts.flatMap((s) => s.claims) });
  }
  const [a, b] = dossiers as [ActorDossier, ActorDossier];
  const comparable = (d: ActorDossier) => {
    const t = targetEntities(d);
    return [
      ...t.sectors,
      ...t.regions,
      ...d.related.filter((r) => r.kind === 'malware' || r.kind === 'tool'),
    ];
  };
  const bSide = comparable(b);
  const shared = comparable(a).filter((r) =>
    bSide.some((x) => x.kind === r.kind && x.name === r.name),
  );
  if (shared.length) {
    const evidence = shared.flatMap((r) => {
      const other = bSide.find((x) => x.kind === r.kind && x.name === r.name)!;
      return [r.evidence[0]!, other.evidence[0]!].flatMap((e) => {
        const report = [...a.reports, ...b.reports].find((x) => x.id === e.reportId);
        return report ? [{ report, quote: e.quote }] : [];
      });
    });
    sections.push({
      title: 'In common',
      claims: [book.claim(`Both: ${shared.map((s) => s.name).join(', ')}`, evidence)],
    });
  }
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `${a.name} compared with ${b.name}`,
      summary: `${a.name}: ${summaryLine(a)} | ${b.name}: ${summaryLine(b)}`,
      sections,
      attribution,
      withheld: Math.max(a.withheld, b.withheld),
      subjects: [a.name, b.name],
    }),
    book,
    ENGINE,
  );
}
