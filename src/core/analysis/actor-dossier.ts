/**
 * @module Everything the store knows about one actor, within a clearance: names, reports,
 * attribution assessments, conflicts, and the entities reported alongside it, each with the
 * reports and the exact sentence that support it. Answers and briefings are composed from this.
 */
import type { EntityKind, FactKind } from '../model/analysis.ts';
import type { ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type {
  AnalysisReadStore,
  EntityRef,
  SourcedClaim,
  SourcedFact,
} from '../ports/analysis-store.ts';
import type { AnalysisView } from './analysis-service.ts';
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
  /**
   * The reports the dossier reads, oldest published first: every report naming the actor, or
   * for an actor named in more than DOSSIER_REPORTS, those most about it, the newest and the first.
   */
  reports: ReportSummary[];
  /** How many visible reports name the actor (more than `reports` holds when it was bounded). */
  reportCount: number;
  /** Reports about the actor above the clearance: counted, never shown. */
  withheld: number;
  assessments: AttributionAssessment[];
  conflicts: Conflict[];
  related: RelatedEntity[];
  claims: SourcedClaim[];
  /** Activity-start facts (when the actor became active), oldest report first. */
  facts: SourcedFact[];
  /** Per report, the earliest sentence the analysis bound to the actor. */
  firstSentence: Map<string, string>;
}

/**
 * Resolves a name or alias to the actor's canonical name: the catalog first, then names seen in
 * reports, both as far as the view's clearance goes (a name only a RED report gives is unknown
 * at CLEAR, exactly like a name nobody gives).
 */
export async function resolveActor(
  store: Pick<AnalysisReadStore, 'knownEntities'>,
  analysis: AnalysisView,
  name: string,
): Promise<string | undefined> {
  const entry = analysis.catalog.find(name, 'actor');
  if (entry) return entry.name;
  const key = aliasKey(name);
  const known = await store.knownEntities(['actor'], analysis.clearance);
  return known.find((k) => aliasKey(k.canonical) === key)?.canonical;
}

/** What each fact kind says about the actor, as the kind of entity it relates it to. */
const RELATED_KIND: Partial<Record<FactKind, EntityKind>> = {
  'uses:malware': 'malware',
  'uses:tool': 'tool',
  'uses:technique': 'technique',
  'exploits:cve': 'cve',
  indicator: 'indicator',
  'targets:sector': 'sector',
  'targets:region': 'region',
  'targets:country': 'country',
  'targets:technology': 'technology',
};

/** Entities bound to the actor by the sentences that state them (see analysis/scope.ts). */
function relatedEntities(facts: SourcedFact[]): RelatedEntity[] {
  const out = new Map<string, RelatedEntity>();
  for (const f of facts) {
    const kind = RELATED_KIND[f.kind];
    if (!kind) continue;
    const key = `${kind}:${f.value}`;
    const entry = out.get(key) ?? { kind, name: f.value, evidence: [] };
    if (!entry.evidence.some((e) => e.reportId === f.report.id && e.start === f.start)) {
      const at = Math.max(0, f.quote.toLowerCase().indexOf(f.value.toLowerCase()));
      entry.evidence.push({
        reportId: f.report.id,
        quote: f.quote,
        start: f.start,
        end: f.end,
        at,
        surface: f.quote.slice(at, at + f.value.length) || f.value,
      });
    }
    out.set(key, entry);
  }
  return [...out.values()];
}

/**
 * A ransomware brand is both a group and its malware ("DarkSide announced ..." is typed as the
 * malware): reports naming the brand's malware are reports about the group too.
 */
export function brandOf(analysis: AnalysisView, actor: string): EntityRef[] {
  return analysis.catalog
    .lookup(actor)
    .filter((h) => h.entry.kind !== 'actor')
    .map((h) => ({ kind: h.entry.kind, canonical: h.entry.name }));
}

/**
 * At most this many reports (plus the newest DOSSIER_NEWEST and the first) are read for one
 * actor: what a profile shows is bounded, so what it reads is too, however much is stored.
 */
export const DOSSIER_REPORTS = 80;
const DOSSIER_NEWEST = 25;

/** The reports a dossier reads: all of them, or a bounded set when there are many. */
async function dossierReports(
  store: AnalysisReadStore,
  entities: EntityRef[],
  clearance: Tlp,
): Promise<{ reports: ReportSummary[]; matched: number; withheld: number; bounded: boolean }> {
  const top = await store.reportsMentioning({ entities, clearance, limit: DOSSIER_REPORTS });
  const bounded = top.matched > top.items.length;
  const hits = [top];
  if (bounded)
    hits.push(
      ...(await Promise.all([
        store.reportsMentioning({
          entities,
          clearance,
          limit: DOSSIER_NEWEST,
          order: 'newest',
          counted: false,
        }),
        store.reportsMentioning({ entities, clearance, limit: 1, order: 'oldest', counted: false }),
      ])),
    );
  const reports = new Map(hits.flatMap((h) => h.items).map((h) => [h.report.id, h.report]));
  return {
    reports: [...reports.values()],
    matched: top.matched,
    withheld: top.withheldReports,
    bounded,
  };
}

export async function buildActorDossier(
  store: AnalysisReadStore,
  analysis: AnalysisView,
  actor: string,
  clearance: Tlp,
): Promise<ActorDossier> {
  const entry = analysis.catalog.find(actor, 'actor') ?? null;
  const brand = brandOf(analysis, actor);
  // Names reports give the same actor ("TA2722, referred to as the Balikbayan Foxes").
  const own = await store.factsAbout([actor], clearance, { kinds: ['alias'] });
  const learned = [
    ...new Set(
      own.items
        .filter((f) => f.kind === 'alias' && aliasKey(f.value) !== aliasKey(actor))
        .map((f) => f.value),
    ),
  ];
  const names = [actor, ...learned];
  const same = new Set(names.map(aliasKey));
  const mentioning = await dossierReports(
    store,
    [...names.map((n) => ({ kind: 'actor' as const, canonical: n })), ...brand],
    clearance,
  );
  // Only what the reports naming it say is read (a sentence about the actor names it), and of
  // an actor named in many reports, only what the chosen ones say.
  const within = { reportIds: mentioning.reports.map((r) => r.id) };
  const [claimRows, factRows] = await Promise.all([
    store.claimsAbout(names, clearance, within),
    store.factsAbout(names, clearance, within),
  ]);
  // Everything said under another of its names is said of the actor.
  const claims = {
    ...claimRows,
    items: claimRows.items
      .map((c) => ({
        ...c,
        subject: same.has(aliasKey(c.subject)) ? actor : c.subject,
        object: c.objectKind === 'actor' && same.has(aliasKey(c.object)) ? actor : c.object,
      }))
      .filter((c) => !(c.objectKind === 'actor' && c.subject === c.object)),
  };
  const facts = {
    ...factRows,
    items: factRows.items
      .filter((f) => f.kind !== 'alias')
      .map((f) => (same.has(aliasKey(f.subject)) ? { ...f, subject: actor } : f)),
  };
  const reports = mentioning.reports.sort((a, b) =>
    (a.published ?? '').localeCompare(b.published ?? ''),
  );
  const related = relatedEntities(facts.items);
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
  for (const a of [...learned, ...(entry?.aliases ?? [])]) {
    if (aliasKeys.has(aliasKey(a))) continue;
    aliasKeys.add(aliasKey(a));
    aliases.push(a);
  }
  const first = new Map<string, { start: number; quote: string }>();
  for (const item of [...facts.items, ...claims.items]) {
    const seen = first.get(item.report.id);
    if (!seen || item.start < seen.start) first.set(item.report.id, item);
  }
  return {
    name: actor,
    aliases,
    catalog: entry,
    reports,
    reportCount: mentioning.bounded ? mentioning.matched : reports.length,
    withheld: Math.max(mentioning.withheld, claims.withheldReports, facts.withheldReports),
    assessments,
    conflicts: [...activityConflicts(sourcedFacts), ...sponsorConflicts(assessments)],
    related: related.sort(
      (a, b) => b.evidence.length - a.evidence.length || a.name.localeCompare(b.name),
    ),
    claims: oriented,
    facts: facts.items.filter((f) => f.kind === 'activity-start'),
    firstSentence: new Map([...first].map(([id, f]) => [id, f.quote])),
  };
}

/**
 * The dossier as a few of its reports tell it ("in its NATO-themed campaign"): the same actor,
 * only the evidence of those reports, attribution reassessed on it.
 */
export function restrictDossier(d: ActorDossier, reportIds: Set<string>): ActorDossier {
  const claims = d.claims.filter((c) => reportIds.has(c.report.id));
  const facts = d.facts.filter((f) => reportIds.has(f.report.id));
  const assessments = assessAttributions(
    claims.map((c) => ({
      claim: c,
      reportId: c.report.id,
      publisher: c.report.publisher,
      reliability: c.report.reliability,
      aiGenerated: c.report.aiGenerated,
    })),
  );
  const reports = d.reports.filter((r) => reportIds.has(r.id));
  return {
    ...d,
    reports,
    reportCount: reports.length,
    related: d.related
      .map((r) => ({ ...r, evidence: r.evidence.filter((e) => reportIds.has(e.reportId)) }))
      .filter((r) => r.evidence.length > 0),
    claims,
    facts,
    assessments,
    conflicts: [
      ...activityConflicts(facts.map((f) => ({ ...f, reportId: f.report.id }))),
      ...sponsorConflicts(assessments),
    ],
    firstSentence: new Map([...d.firstSentence].filter(([id]) => reportIds.has(id))),
  };
}
