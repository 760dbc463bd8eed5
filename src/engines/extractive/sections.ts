/**
 * @module Answer sections built from an actor dossier: targets, tools, activity,
 * conflicts, indicators, reporting dates. Every statement cites the sentences that support it.
 */
import type { ActorDossier, RelatedEntity } from '../../core/analysis/actor-dossier.ts';
import { activityStart } from '../../core/analysis/claims/activity.ts';
import { isCapital } from '../../core/analysis/lexicon/lexicon.ts';
import type { CitationBook, Quoted } from '../../core/answer/citation-book.ts';
import type { EntityKind } from '../../core/model/analysis.ts';
import type { AnswerClaim, AnswerSection } from '../../core/model/answer.ts';
import type { ReportSummary } from '../../core/model/report.ts';
import { isoDay } from '../../core/text/dates.ts';
import { defang } from '../../core/text/defang.ts';
import { sentenceSpans } from '../../core/text/sentences.ts';

/** Sentences that say something was attacked, not merely mentioned. */
const TARGET_CUE =
  /\b(?:target\w*|against|attack\w*|hit|hits|breach\w*|broke into|break into|compromis\w*|victims?|infiltrat\w*|spied|spying|went after|goes after|go after|focus\w*|exfiltrat\w*|stole|steal\w*|intrusions?|campaigns?|interested in|phish\w*|lures?|operations? against)\b/i;
const ACTIVITY_CUE =
  /\b(?:exploit\w*|deploy\w*|used|uses|using|access\w*|search\w*|exfiltrat\w*|stole|steal\w*|install\w*|dropp\w*|laterally|persist\w*|compromis\w*|phish\w*|encrypt\w*|wip(?:e|ed|ing)|broke into|harvest\w*|scann\w*|relay\w*|routes?|hid(?:e|es|ing)?)\b/i;

function reportOf(dossier: ActorDossier, reportId: string): ReportSummary | undefined {
  return dossier.reports.find((r) => r.id === reportId);
}

function quoted(dossier: ActorDossier, entities: RelatedEntity[], perEntity = 2): Quoted[] {
  const out: Quoted[] = [];
  for (const entity of entities) {
    for (const e of entity.evidence.slice(0, perEntity)) {
      const report = reportOf(dossier, e.reportId);
      if (report) out.push({ report, quote: e.quote });
    }
  }
  return out;
}

type EntityEvidence = RelatedEntity['evidence'][number];

function related(
  dossier: ActorDossier,
  kinds: EntityKind[],
  keep?: (e: EntityEvidence) => boolean,
): RelatedEntity[] {
  return dossier.related
    .filter((r) => kinds.includes(r.kind))
    .map((r) => ({ ...r, evidence: keep ? r.evidence.filter(keep) : r.evidence }))
    .filter((r) => r.evidence.length > 0);
}

/** A sentence about an attack on the sector. */
const targetedSector = (e: EntityEvidence) => TARGET_CUE.test(e.quote);

/** A place named shortly after an attack word, and not a capital standing for a location ("in Riyadh"). */
const targetedPlace = (e: EntityEvidence) =>
  !isCapital(e.surface) && TARGET_CUE.test(e.quote.slice(Math.max(0, e.at - 90), e.at));

/** Sectors, regions and countries the actor is reported to target (sponsor countries aside). */
export function targetEntities(dossier: ActorDossier): {
  sectors: RelatedEntity[];
  regions: RelatedEntity[];
  countries: RelatedEntity[];
} {
  const sponsors = new Set(dossier.assessments.map((a) => a.object));
  return {
    sectors: related(dossier, ['sector'], targetedSector),
    regions: related(dossier, ['region'], targetedPlace),
    countries: related(dossier, ['country'], targetedPlace).filter((c) => !sponsors.has(c.name)),
  };
}

function list(names: string[], max = 8): string {
  const shown = names.slice(0, max);
  return names.length > max
    ? `${shown.join(', ')} and ${names.length - max} more`
    : shown.join(', ');
}

function entityClaim(
  book: CitationBook,
  dossier: ActorDossier,
  label: string,
  entities: RelatedEntity[],
): AnswerClaim | null {
  if (entities.length === 0) return null;
  return book.claim(`${label}: ${list(entities.map((e) => e.name))}`, quoted(dossier, entities, 1));
}

export function targetsSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
  const { sectors, regions, countries } = targetEntities(dossier);
  const claims = [
    entityClaim(book, dossier, 'Sectors', sectors),
    entityClaim(book, dossier, 'Regions', regions),
    entityClaim(book, dossier, 'Countries', countries),
  ].filter((c): c is AnswerClaim => c !== null);
  return claims.length ? { title: 'Targets', claims } : null;
}

export function toolsSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
  const claims = [
    entityClaim(book, dossier, 'Malware', related(dossier, ['malware'])),
    entityClaim(book, dossier, 'Tools', related(dossier, ['tool'])),
  ].filter((c): c is AnswerClaim => c !== null);
  return claims.length ? { title: 'Malware and tools', claims } : null;
}

function trimSentence(text: string, max = 280): string {
  return text.length > max ? `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : text;
}

export async function activitySection(
  dossier: ActorDossier,
  book: CitationBook,
  readText: (reportId: string) => Promise<string | undefined>,
  max = 3,
): Promise<AnswerSection | null> {
  const claims: AnswerClaim[] = [];
  const tech = [
    entityClaim(book, dossier, 'Technologies', related(dossier, ['technology'])),
    entityClaim(book, dossier, 'Vulnerabilities', related(dossier, ['cve'])),
    entityClaim(book, dossier, 'ATT&CK techniques', related(dossier, ['technique'])),
  ].filter((c): c is AnswerClaim => c !== null);
  claims.push(...tech);
  const names = [dossier.name, ...dossier.aliases].map((n) => n.toLowerCase());
  const seen = new Set<string>();
  for (const report of [...dossier.reports].reverse()) {
    if (seen.size >= max) break;
    const text = await readText(report.id);
    if (!text) continue;
    for (const span of sentenceSpans(text)) {
      const sentence = text.slice(span.start, span.end);
      if (!ACTIVITY_CUE.test(sentence) || sentence.length < 40) continue;
      const lower = sentence.toLowerCase();
      const aboutActor =
        names.some((n) => lower.includes(n)) ||
        /\b(?:the group|the hackers|the attackers|the intruders|the operators|they|the actors?)\b/i.test(
          sentence,
        );
      if (!aboutActor || seen.has(sentence)) continue;
      seen.add(sentence);
      claims.push(book.claim(trimSentence(sentence), [{ report, quote: sentence }]));
      break;
    }
  }
  return claims.length ? { title: 'Activity', claims } : null;
}

export function conflictsSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
  const claims: AnswerClaim[] = [];
  for (const conflict of dossier.conflicts) {
    if (conflict.topic === 'activity start') {
      const evidence: Quoted[] = [];
      const parts = conflict.positions.map((p) => {
        const report = reportOf(dossier, p.reportIds[0]!);
        const quote = p.quotes[0]!;
        if (report) evidence.push({ report, quote });
        const phrase = activityStart(quote, report?.published ?? null)?.phrase;
        const words = phrase?.replace(/^.*?\b(since|for)\b/i, '$1').replace(/["“”']/g, '');
        const said = words ? `"${words}"` : `since ${p.value}`;
        return `${said}${report?.publisher ? ` (${report.publisher})` : ''}`;
      });
      claims.push(
        book.claim(`Sources disagree on when activity began: ${parts.join(' vs ')}`, evidence),
      );
    } else {
      const evidence = conflict.positions.flatMap((p) =>
        p.reportIds.slice(0, 1).flatMap((id) => {
          const claim = dossier.claims.find(
            (c) => c.report.id === id && (c.country === p.value || c.object === p.value),
          );
          return claim ? [{ report: claim.report, quote: claim.quote }] : [];
        }),
      );
      claims.push(
        book.claim(
          `Sources disagree on the sponsor: ${conflict.positions.map((p) => p.value).join(' vs ')}`,
          evidence,
        ),
      );
    }
  }
  return claims.length ? { title: 'Sources disagree', claims } : null;
}

export function indicatorsSection(
  dossier: ActorDossier,
  book: CitationBook,
  max = 10,
): AnswerSection | null {
  const indicators = related(dossier, ['indicator']).slice(0, max);
  if (indicators.length === 0) return null;
  return {
    title: 'Indicators (defanged)',
    claims: indicators.map((i) => book.claim(defang(i.name), quoted(dossier, [i], 1))),
  };
}

/** The first sentence of a report that names the actor: what a "first/latest report" line quotes. */
async function openingSentence(
  dossier: ActorDossier,
  report: ReportSummary,
  readText: (id: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  const text = await readText(report.id);
  if (!text) return undefined;
  const names = [dossier.name, ...dossier.aliases].map((n) => n.toLowerCase());
  const spans = sentenceSpans(text).map((s) => text.slice(s.start, s.end));
  return spans.find((s) => names.some((n) => s.toLowerCase().includes(n))) ?? spans[0];
}

export async function reportingSection(
  dossier: ActorDossier,
  book: CitationBook,
  readText: (reportId: string) => Promise<string | undefined>,
): Promise<AnswerSection | null> {
  const dated = dossier.reports.filter((r) => r.published);
  if (dated.length === 0) return null;
  const first = dated[0]!;
  const latest = dated.at(-1)!;
  const claims: AnswerClaim[] = [];
  for (const [label, report] of [
    ['First report', first],
    ['Latest report', latest],
  ] as const) {
    if (label === 'Latest report' && latest.id === first.id) break;
    const quote = await openingSentence(dossier, report, readText);
    if (quote)
      claims.push(
        book.claim(
          `${label}: ${isoDay(report.published)}, ${report.publisher ?? 'unknown publisher'}`,
          [{ report, quote }],
        ),
      );
  }
  return claims.length ? { title: 'Reporting', claims } : null;
}
