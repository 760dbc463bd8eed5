/** @module Answers about named actors: profiles, one aspect of a profile (tools, targets ...), comparisons. */
import { type ActorDossier, buildActorDossier } from '../../../core/analysis/actor-dossier.ts';
import { attributionLines } from '../../../core/answer/attribution-lines.ts';
import { CitationBook } from '../../../core/answer/citation-book.ts';
import { finalizeAnswer } from '../../../core/answer/finalize.ts';
import type { Intent } from '../../../core/answer/intents.ts';
import type { Answer, AnswerClaim, AnswerSection } from '../../../core/model/answer.ts';
import { isoDay } from '../../../core/text/dates.ts';
import {
  activitySection,
  conflictsSection,
  indicatorsSection,
  reportingSection,
  targetEntities,
  targetsSection,
  toolsSection,
} from '../sections.ts';
import { type Ctx, draft, ENGINE, notFound, nothingCovers, summaryLine } from './context.ts';

/** Sections each intent shows from the dossier (a profile shows them all). */
async function dossierSections(
  ctx: Ctx,
  d: ActorDossier,
  book: CitationBook,
  intent: Intent['type'],
): Promise<(AnswerSection | null)[]> {
  switch (intent) {
    case 'attribution':
      return [conflictsSection(d, book)];
    case 'tools':
      return [toolsSection(d, book)];
    case 'targets':
      return [targetsSection(d, book)];
    case 'when':
      return [await reportingSection(d, book, ctx.readText), conflictsSection(d, book)];
    case 'how':
      return [await activitySection(d, book, ctx.readText, 4)];
    case 'indicators':
      return [indicatorsSection(d, book, 20)];
    case 'latest':
      return [latestSection(d, book, ctx)];
    default:
      return [
        targetsSection(d, book),
        toolsSection(d, book),
        await activitySection(d, book, ctx.readText),
        conflictsSection(d, book),
        indicatorsSection(d, book, 5),
        await reportingSection(d, book, ctx.readText),
      ];
  }
}

function latestSection(d: ActorDossier, book: CitationBook, _ctx: Ctx): AnswerSection | null {
  const recent = [...d.reports]
    .sort((a, b) => (b.published ?? b.ingestedAt).localeCompare(a.published ?? a.ingestedAt))
    .slice(0, 3);
  const claims: AnswerClaim[] = [];
  for (const report of recent) {
    const evidence = d.related.flatMap((r) => r.evidence).find((e) => e.reportId === report.id);
    const claim = d.claims.find((c) => c.report.id === report.id);
    const quote = evidence?.quote ?? claim?.quote;
    if (quote)
      claims.push(
        book.claim(`${isoDay(report.published ?? report.ingestedAt)}: ${report.title}`, [
          { report, quote },
        ]),
      );
  }
  return claims.length ? { title: 'Latest reporting', claims } : null;
}

const INTENT_TITLES: Partial<Record<Intent['type'], string>> = {
  attribution: 'Who is behind',
  tools: 'Malware and tools of',
  targets: 'Targets of',
  when: 'When was active:',
  how: 'How operates:',
  indicators: 'Indicators for',
  latest: 'Latest on',
};

export async function actorAnswer(
  ctx: Ctx,
  actor: string,
  intent: Intent['type'],
): Promise<Answer> {
  const d = await buildActorDossier(ctx.store, ctx.analysis, actor, ctx.clearance);
  if (d.reports.length === 0) return notFound(ctx, actor, d.withheld);
  const book = new CitationBook();
  book.reserve(d.reports);
  const showAttribution = intent === 'profile' || intent === 'attribution' || intent === 'general';
  const attribution = showAttribution ? attributionLines(d, book) : [];
  const sections = await dossierSections(ctx, d, book, intent);
  const answer = finalizeAnswer(
    draft(ctx, {
      kind: intent === 'profile' || intent === 'general' ? 'profile' : 'answer',
      title: INTENT_TITLES[intent] ? `${INTENT_TITLES[intent]!.replace(/:$/, '')} ${actor}` : actor,
      summary: summaryLine(d),
      sections,
      attribution,
      withheld: d.withheld,
      subjects: [actor],
    }),
    book,
    ENGINE,
  );
  if (answer.sections.length === 0 && answer.attribution.length === 0) {
    return nothingCovers(ctx, [actor], d.withheld, `that for ${actor}`);
  }
  return answer;
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
