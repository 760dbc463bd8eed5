/**
 * @module Everything the store knows about one actor, within a clearance: names, reports,
 * attribution assessments, conflicts, and the entities reported alongside it, each with the
 * reports and the exact sentence that support it. Answers and briefings are composed from this.
 */
import type { EntityKind, Mention } from '../model/analysis.ts';
import type { ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type { AnalysisReadStore, SourcedClaim, SourcedFact } from '../ports/analysis-store.ts';
import { type Span, sentenceSpans } from '../text/sentences.ts';
import type { AnalysisService } from './analysis-service.ts';
import { aliasKey, type CatalogEntry } from './catalog/catalog.ts';
import { type AttributionAssessment, assessAttributions } from './confidence.ts';
import { activityConflicts, type Conflict, sponsorConflicts } from './conflicts.ts';

export interface Evidence {
  reportId: string;
  /** Exact text of the report that supports the statement. */
  quote: string;
  start: number;
  end: number;
  /** Where in the quote the entity is named, and as what. */
  at: number;
  surface: string;
}

export interface RelatedEntity {
  kind: EntityKind;
  name: string;
  evidence: Evidence[];
}

export interface ActorDossier {
  name: string;
  aliases: string[];
  catalog: CatalogEntry | null;
  reports: ReportSummary[];
  /** Reports about the actor above the clearance: counted, never shown. */
  withheld: number;
  assessments: AttributionAssessment[];
  conflicts: Conflict[];
  related: RelatedEntity[];
  claims: SourcedClaim[];
  facts: SourcedFact[];
}

/** Resolves a name or alias to the actor's canonical name: the catalog first, then names seen in reports. */
export async function resolveActor(
  store: Pick<AnalysisReadStore, 'knownEntities'>,
  analysis: AnalysisService,
  name: string,
): Promise<string | undefined> {
  const entry = analysis.catalog.find(name, 'actor');
  if (entry) return entry.name;
  const key = aliasKey(name);
  const known = await store.knownEntities(['actor']);
  return known.find((k) => aliasKey(k.canonical) === key)?.canonical;
}

function sentenceAt(spans: Span[], at: number): Span | undefined {
  return spans.find((s) => s.start <= at && at < s.end);
}

function paragraphBounds(text: string, at: number): Span {
  const start = text.lastIndexOf('\n', at) + 1;
  const next = text.indexOf('\n', at);
  return { start, end: next === -1 ? text.length : next };
}

const RELATED_KINDS = new Set<EntityKind>([
  'malware',
  'tool',
  'sector',
  'region',
  'country',
  'technique',
  'cve',
  'technology',
  'actor',
  'indicator',
]);

/** Entities reported with the actor: anywhere in a report mostly about it, else in its paragraphs. */
function relatedEntities(
  actor: string,
  text: string,
  mentions: Mention[],
  reportId: string,
  primary: boolean,
): RelatedEntity[] {
  const spans = sentenceSpans(text);
  const own = mentions.filter((m) => m.kind === 'actor' && m.canonical === actor);
  const paragraphs = own.map((m) => paragraphBounds(text, m.start));
  const out = new Map<string, RelatedEntity>();
  for (const m of mentions) {
    if (!RELATED_KINDS.has(m.kind) || (m.kind === 'actor' && m.canonical === actor)) continue;
    if (!primary && !paragraphs.some((p) => m.start >= p.start && m.end <= p.end)) continue;
    const sentence = sentenceAt(spans, m.start) ?? { start: m.start, end: m.end };
    const key = `${m.kind}:${m.canonical}`;
    const entry = out.get(key) ?? { kind: m.kind, name: m.canonical, evidence: [] };
    if (!entry.evidence.some((e) => e.reportId === reportId)) {
      entry.evidence.push({
        reportId,
        quote: text.slice(sentence.start, sentence.end),
        start: sentence.start,
        end: sentence.end,
        at: m.start - sentence.start,
        surface: m.surface,
      });
    }
    out.set(key, entry);
  }
  return [...out.values()];
}

export async function buildActorDossier(
  store: AnalysisReadStore,
  analysis: AnalysisService,
  actor: string,
  clearance: Tlp,
): Promise<ActorDossier> {
  const entry = analysis.catalog.find(actor, 'actor') ?? null;
  const [mentioning, claims, facts] = await Promise.all([
    store.reportsMentioning({ entities: [{ kind: 'actor', canonical: actor }], clearance }),
    store.claimsAbout([actor], clearance),
    store.factsAbout([actor], clearance),
  ]);
  const reports = mentioning.items
    .map((h) => h.report)
    .sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  const related = new Map<string, RelatedEntity>();
  const surfaces = new Set<string>();
  for (const { report, mentions } of await store.reportsWithMentions(
    mentioning.items.map((h) => h.report.id),
  )) {
    for (const m of mentions)
      if (m.kind === 'actor' && m.canonical === actor) surfaces.add(m.surface);
    const actorMentions = mentions.filter((m) => m.kind === 'actor');
    const own = actorMentions.filter((m) => m.canonical === actor).length;
    const primary = own * 2 >= actorMentions.length;
    for (const r of relatedEntities(actor, report.text, mentions, report.id, primary)) {
      const key = `${r.kind}:${r.name}`;
      const merged = related.get(key) ?? { ...r, evidence: [] };
      merged.evidence.push(...r.evidence);
      related.set(key, merged);
    }
  }
  // A claim linking two actors is stored once; seen from the other actor it reads the other way.
  const oriented = claims.items.map((c) =>
    c.objectKind === 'actor' && aliasKey(c.object) === aliasKey(actor)
      ? { ...c, subject: c.object, object: c.subject }
      : c,
  );
  const assessments = assessAttributions(
    oriented.map((c) => ({
      claim: c,
      reportId: c.report.id,
      publisher: c.report.publisher,
      reliability: c.report.reliability,
      aiGenerated: c.report.aiGenerated,
    })),
  );
  const sourcedFacts = facts.items.map((f) => ({ ...f, reportId: f.report.id }));
  const aliasKeys = new Set([aliasKey(actor)]);
  const aliases: string[] = [];
  for (const a of [...(entry?.aliases ?? []), ...surfaces]) {
    if (aliasKeys.has(aliasKey(a))) continue;
    aliasKeys.add(aliasKey(a));
    aliases.push(a);
  }
  return {
    name: actor,
    aliases,
    catalog: entry,
    reports,
    withheld: Math.max(mentioning.withheldReports, claims.withheldReports, facts.withheldReports),
    assessments,
    conflicts: [...activityConflicts(sourcedFacts), ...sponsorConflicts(assessments)],
    related: [...related.values()].sort(
      (a, b) => b.evidence.length - a.evidence.length || a.name.localeCompare(b.name),
    ),
    claims: oriented,
    facts: facts.items,
  };
}
