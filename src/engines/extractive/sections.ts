/**
 * @module Answer sections built from an actor dossier: targets, tools, techniques, vulnerabilities,
 * activity, when it was active, conflicts, indicators, reporting dates. Every statement cites the
 * sentences that bound the fact to the actor (see core/analysis/scope.ts).
 */
import type { ActorDossier, RelatedEntity } from '../../core/analysis/actor-dossier.ts';
import { activityStart } from '../../core/analysis/claims/activity.ts';
import { classifyWording } from '../../core/analysis/claims/wording.ts';
import { techniqueName } from '../../core/analysis/lexicon/lexicon.ts';
import type { CitationBook, Quoted } from '../../core/answer/citation-book.ts';
import type { EntityKind } from '../../core/model/analysis.ts';
import type { AnswerClaim, AnswerSection } from '../../core/model/answer.ts';
import type { ReportSummary } from '../../core/model/report.ts';
import { isoDay } from '../../core/text/dates.ts';
import { defang } from '../../core/text/defang.ts';

function reportOf(dossier: ActorDossier, reportId: string): ReportSummary | undefined {
  return dossier.reports.find((r) => r.id === reportId);
}

function quoted(dossier: ActorDossier, entities: RelatedEntity[], perEntity = 1): Quoted[] {
  const out: Quoted[] = [];
  for (const entity of entities) {
    for (const e of entity.evidence.slice(0, perEntity)) {
      const report = reportOf(dossier, e.reportId);
      if (report) out.push({ report, quote: e.quote });
    }
  }
  return out;
}

function related(dossier: ActorDossier, kinds: EntityKind[]): RelatedEntity[] {
  return dossier.related.filter((r) => kinds.includes(r.kind) && r.evidence.length > 0);
}

/** Sectors, regions and countries the actor is reported to target (sponsor countries aside). */
export function targetEntities(dossier: ActorDossier): {
  sectors: RelatedEntity[];
  regions: RelatedEntity[];
  countries: RelatedEntity[];
} {
  const sponsors = new Set(dossier.assessments.map((a) => a.object));
  return {
    sectors: related(dossier, ['sector']),
    regions: related(dossier, ['region']),
    countries: related(dossier, ['country']).filter((c) => !sponsors.has(c.name)),
  };
}

function list(names: string[], max = 10): string {
  const shown = names.slice(0, max);
  return names.length > max
    ? `${shown.join(', ')} and ${names.length - max} more`
    : shown.join(', ');
}

/**
 * One statement per entity list, each entity cited by the sentence that ties it to the actor.
 * Long lists are split so that every name stands next to its own citation.
 */
function entityClaims(
  book: CitationBook,
  dossier: ActorDossier,
  label: string,
  entities: RelatedEntity[],
  max = 10,
): AnswerClaim[] {
  if (entities.length === 0) return [];
  const shown = entities.slice(0, max);
  const more = entities.length > max ? ` and ${entities.length - max} more` : '';
  return [
    book.claim(
      `${label}: ${list(
        shown.map((e) => e.name),
        max,
      )}${more}`,
      quoted(dossier, shown),
    ),
  ];
}

export function targetsSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
  const { sectors, regions, countries } = targetEntities(dossier);
  const claims = [
    ...entityClaims(book, dossier, 'Sectors', sectors),
    ...entityClaims(book, dossier, 'Regions', regions),
    ...entityClaims(book, dossier, 'Countries', countries),
    ...entityClaims(book, dossier, 'Technologies', related(dossier, ['technology']), 6),
  ];
  return claims.length ? { title: 'Targets', claims } : null;
}

export function toolsSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
  const claims = [
    ...entityClaims(book, dossier, 'Malware', related(dossier, ['malware']), 12),
    ...entityClaims(book, dossier, 'Tools', related(dossier, ['tool'])),
  ];
  return claims.length ? { title: 'Malware and tools', claims } : null;
}

export function techniquesSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
  const techniques = related(dossier, ['technique']).sort((a, b) => a.name.localeCompare(b.name));
  if (techniques.length === 0) return null;
  return {
    title: 'ATT&CK techniques',
    claims: techniques.slice(0, 20).map((t) => {
      const name = techniqueName(t.name);
      return book.claim(name ? `${t.name} ${name}` : t.name, quoted(dossier, [t]));
    }),
  };
}

export function vulnerabilitiesSection(
  dossier: ActorDossier,
  book: CitationBook,
): AnswerSection | null {
  const cves = related(dossier, ['cve']);
  if (cves.length === 0) return null;
  return {
    title: 'Vulnerabilities',
    claims: cves.slice(0, 12).map((c) => book.claim(c.name, quoted(dossier, [c]))),
  };
}

function trimSentence(text: string, max = 280): string {
  return text.length > max ? `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : text;
}

/** Sentences that say what the actor did, one per report, newest first. */
export function activitySection(
  dossier: ActorDossier,
  book: CitationBook,
  max = 3,
): AnswerSection | null {
  const claims: AnswerClaim[] = [];
  const byReport = new Map<string, { quote: string; weight: number }>();
  for (const r of dossier.related) {
    if (r.kind === 'country' || r.kind === 'region' || r.kind === 'indicator') continue;
    for (const e of r.evidence) {
      const current = byReport.get(e.reportId);
      const weight = (current?.quote === e.quote ? current.weight : 0) + 1;
      if (
        !current ||
        weight > current.weight ||
        (current.quote === e.quote && weight > current.weight)
      )
        byReport.set(e.reportId, { quote: e.quote, weight });
    }
  }
  const reports = [...dossier.reports].reverse();
  for (const report of reports) {
    if (claims.length >= max) break;
    const best = byReport.get(report.id);
    if (!best || best.quote.length < 40) continue;
    claims.push(book.claim(trimSentence(best.quote), [{ report, quote: best.quote }]));
  }
  return claims.length ? { title: 'Activity', claims } : null;
}

/** When the actor was active: activity-start statements, each with its own words and sources. */
export function whenSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
  const said = new Map<string, { text: string; evidence: Quoted[] }>();
  for (const f of dossier.facts) {
    if (f.kind !== 'activity-start') continue;
    const phrase = activityStart(f.quote, f.report.published)?.phrase ?? `since ${f.value}`;
    const who = f.originator ?? f.report.publisher;
    // "It has possibly been operational since 1953": the source's hedge stays with the date.
    const { strength, cues } = classifyWording(f.quote);
    const hedge =
      strength === 'speculative' || strength === 'hedged'
        ? `hedged: "${cues[0]!.toLowerCase()}"`
        : '';
    const source = [who, hedge].filter(Boolean).join(', ');
    const text = `Active ${phrase.replace(/^.*?\b(since|for|in|from)\b/i, '$1')}${source ? ` (${source})` : ''}`;
    // The same words from the same source in several reports are one statement, cited by each.
    const entry = said.get(text) ?? { text, evidence: [] };
    if (!entry.evidence.some((e) => e.report.id === f.report.id))
      entry.evidence.push({ report: f.report, quote: f.quote });
    said.set(text, entry);
  }
  const claims = [...said.values()].slice(0, 6).map((s) => book.claim(s.text, s.evidence));
  return claims.length ? { title: 'Active', claims } : null;
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
        const words = phrase?.replace(/^.*?\b(since|for|in)\b/i, '$1').replace(/["“”']/g, '');
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
    claims: indicators.map((i) => book.claim(defang(i.name), quoted(dossier, [i]))),
  };
}

/** First and latest report naming the actor: reporting dates, not activity dates. */
export function reportingSection(dossier: ActorDossier, book: CitationBook): AnswerSection | null {
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
    const quote = dossier.firstSentence.get(report.id);
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
