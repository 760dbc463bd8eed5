/**
 * @module The analysis use cases: analyze a report with the current catalog, learn aliases,
 * place a report in its story cluster, and reanalyze everything after the catalog changed.
 *
 * Learned catalog entries carry the marking of where they were learned, so the catalog a reader
 * sees depends on its clearance: `at(clearance)` is the view for a destination, the built-in
 * catalog plus what the store returns for that clearance (the store decides, in SQL, as for
 * reports), rebuilt whenever any process saved entries. A report is analyzed with the view at its
 * own label, so nothing stored with a CLEAR report rests on what only a RED one taught.
 */
import type { Mention, ReportAnalysis } from '../model/analysis.ts';
import type { Report } from '../model/report.ts';
import { TLP_LEVELS, type Tlp, tlpRank } from '../model/tlp.ts';
import type { AnalysisReadStore } from '../ports/analysis-store.ts';
import type { AnalysisWriteStore } from '../ports/analysis-write-store.ts';
import type { CatalogStore } from '../ports/catalog-store.ts';
import type { ReportStore } from '../ports/report-store.ts';
import {
  type AnalysisInput,
  type Analyzer,
  createAnalyzer,
  primaryActorOf,
  titleActorsOf,
} from './analyze-report.ts';
import { builtinCatalogEntries } from './catalog/builtin.ts';
import {
  Catalog,
  type CatalogEntry,
  type CatalogEntryInput,
  CatalogEntrySchema,
  type MergeReport,
} from './catalog/catalog.ts';
import { chooseCluster, STORY_WINDOW_DAYS, storyProfile } from './clusters.ts';

const DAY = 86_400_000;
/**
 * Word counts of recently compared reports, by id (an id is its text's hash, so they never go
 * stale): a story's next outlet is compared with the same recent reports, and reading their
 * words again was most of the cost of placing a report in a busy week.
 */
const TERMS_CACHED = 1024;

/**
 * What a destination cleared for `clearance` may know of the catalog: names, aliases and the
 * matcher built on them. Every reader that answers a destination takes one of these.
 */
export class AnalysisView {
  readonly clearance: Tlp;
  readonly catalog: Catalog;
  #analyzer: Analyzer | undefined;

  constructor(clearance: Tlp, catalog: Catalog) {
    this.clearance = clearance;
    this.catalog = catalog;
  }

  analyze(input: AnalysisInput): ReportAnalysis {
    this.#analyzer ??= createAnalyzer(this.catalog);
    return this.#analyzer(input);
  }

  /** The mentions `analyze({ text })` would give, without its claims and facts. */
  mentions(text: string): Mention[] {
    this.#analyzer ??= createAnalyzer(this.catalog);
    return this.#analyzer.mentions(text);
  }

  /** Merges entries (already filtered to this clearance); the matcher is rebuilt when needed. */
  learn(entries: CatalogEntry[]): MergeReport {
    const report = this.catalog.merge(entries);
    if (report.added || report.newAliases) this.#analyzer = undefined;
    return report;
  }
}

export class AnalysisService {
  /** Imported and learned entries in the order they were saved, each with its marking. */
  #entries: CatalogEntry[];
  /** Ingest's views, one per label, built from the entries in memory when first asked for. */
  #views = new Map<Tlp, AnalysisView>();
  /** Readers' views, one per clearance, read from the store at a catalog revision. */
  #readers = new Map<Tlp, { revision: number; view: AnalysisView }>();
  #store: CatalogStore | undefined;
  /** The store's catalog revision this process last loaded. */
  #revision = 0;
  readonly #terms = new Map<string, Map<string, number>>();

  #cachedTerms(reportId: string): Map<string, number> | undefined {
    const terms = this.#terms.get(reportId);
    if (terms) {
      // Most recently used last, so the oldest is the first key.
      this.#terms.delete(reportId);
      this.#terms.set(reportId, terms);
    }
    return terms;
  }

  #keepTerms(reportId: string, terms: Map<string, number>): void {
    this.#terms.set(reportId, terms);
    if (this.#terms.size > TERMS_CACHED) this.#terms.delete(this.#terms.keys().next().value!);
  }

  private constructor(entries: CatalogEntryInput[]) {
    this.#entries = entries.map((e) => CatalogEntrySchema.parse(e));
  }

  /**
   * Everything known, whatever its marking: for ingest-side tools (catalog import, extract) and
   * never for an answer to a destination (use `at`).
   */
  get catalog(): Catalog {
    return this.view('RED').catalog;
  }

  /**
   * The catalog and matcher a destination cleared for `clearance` may use: the built-in catalog
   * plus the entries the store gives for that clearance, read again once any process saved more.
   */
  async at(clearance: Tlp): Promise<AnalysisView> {
    const store = this.#store;
    if (!store) return this.view(clearance);
    const revision = await store.catalogRevision();
    const cached = this.#readers.get(clearance);
    if (cached?.revision === revision) return cached.view;
    const catalog = new Catalog(builtinCatalogEntries());
    catalog.merge(await store.importedCatalog(clearance));
    const view = new AnalysisView(clearance, catalog);
    this.#readers.set(clearance, { revision, view });
    return view;
  }

  /**
   * Ingest's view at a report's label, from the entries in memory (names a document taught are
   * used for its own reports before they are saved). Never for an answer to a destination.
   */
  view(clearance: Tlp): AnalysisView {
    let view = this.#views.get(clearance);
    if (!view) {
      const catalog = new Catalog(builtinCatalogEntries());
      catalog.merge(this.#entries.filter((e) => tlpRank(e.tlp) <= tlpRank(clearance)));
      view = new AnalysisView(clearance, catalog);
      this.#views.set(clearance, view);
    }
    return view;
  }

  /** The built-in catalog plus everything imported into this store. */
  static async load(store: CatalogStore): Promise<AnalysisService> {
    const revision = await store.catalogRevision();
    const service = new AnalysisService(await store.importedCatalog());
    service.#revision = revision;
    service.#store = store;
    return service;
  }

  /**
   * Reloads the catalog when any process (another replica's ingest or import) saved entries
   * since this one loaded it, rebuilding it in the same order so every replica ends up with the
   * same catalog. Returns whether it reloaded.
   */
  async refresh(store: CatalogStore): Promise<boolean> {
    const revision = await store.catalogRevision();
    if (revision === this.#revision) return false;
    this.#entries = (await store.importedCatalog()).map((e) => CatalogEntrySchema.parse(e));
    this.#views.clear();
    this.#readers.clear();
    this.#revision = revision;
    return true;
  }

  /** Built-in catalog only: for `extract`, which reads no store. */
  static builtin(): AnalysisService {
    return new AnalysisService([]);
  }

  /** Analysis with everything known: for local tools (`extract`); ingest analyzes at a report's label. */
  analyze(input: AnalysisInput): ReportAnalysis {
    return this.view('RED').analyze(input);
  }

  /**
   * Merges entries into the catalog in memory (for this process): each view at or above an
   * entry's marking learns it. Returns what the unrestricted catalog made of them.
   */
  learn(entries: CatalogEntryInput[]): MergeReport {
    const parsed = entries.map((e) => CatalogEntrySchema.parse(e));
    this.view('RED');
    this.#entries.push(...parsed);
    let report: MergeReport = { added: 0, merged: 0, newAliases: 0, clashes: [] };
    for (const level of TLP_LEVELS) {
      const view = this.#views.get(level);
      if (!view) continue;
      const merged = view.learn(parsed.filter((e) => tlpRank(e.tlp) <= tlpRank(level)));
      if (level === 'RED') report = merged;
    }
    return report;
  }

  /** Merges entries and keeps them in the store, so every later process knows them too. */
  async import(
    store: CatalogStore,
    entries: CatalogEntryInput[],
    origin?: string,
  ): Promise<MergeReport & { saved: number }> {
    const report = this.learn(entries);
    const saved = await store.saveCatalogEntries(entries, origin);
    return { ...report, saved };
  }

  /** The story cluster `report` belongs to among reports stored before it (two store reads). */
  async assignCluster(
    store: AnalysisReadStore,
    report: Pick<Report, 'id' | 'text' | 'title' | 'published' | 'ingestedAt' | 'tlp'>,
    analysis: ReportAnalysis,
    before: { ingestedAt: string; id?: string } = { ingestedAt: report.ingestedAt },
  ): Promise<string> {
    const at = report.published ?? report.ingestedAt;
    const entities = analysis.mentions
      .filter((m) => m.kind === 'actor' || m.kind === 'malware' || m.kind === 'cve')
      .map((m) => ({ kind: m.kind, canonical: m.canonical }));
    const unique = [...new Map(entities.map((e) => [`${e.kind}:${e.canonical}`, e])).values()];
    // A report joins only stories told by reports at or below its own label.
    const candidates = await store.storyCandidates({
      entities: unique,
      clearance: report.tlp,
      title: report.title,
      from: new Date(Date.parse(at) - STORY_WINDOW_DAYS * DAY).toISOString(),
      to: new Date(Date.parse(at) + STORY_WINDOW_DAYS * DAY).toISOString(),
      before,
    });
    if (candidates.length === 0) return report.id;
    const titleActors = titleActorsOf(
      report.title,
      this.view(report.tlp).mentions(report.title),
      analysis.mentions,
    );
    const self = storyProfile({
      reportId: report.id,
      clusterId: null,
      at,
      title: report.title,
      text: report.text,
      mentions: analysis.mentions,
      primaryActor: primaryActorOf(analysis.mentions, titleActors),
      terms: this.#cachedTerms(report.id),
      onTerms: (terms) => this.#keepTerms(report.id, terms),
    });
    // Indicators play no part in a story's likeness, and a text whose word counts are kept is
    // not needed again: neither is read. (Word counts depend on the text alone, and a report's
    // id is its text's hash.)
    const ids = candidates.map((c) => c.reportId);
    const kept = new Map(
      ids.flatMap((id) => {
        const terms = this.#cachedTerms(id);
        return terms ? [[id, terms] as const] : [];
      }),
    );
    const others = (
      await store.reportsWithMentions(ids, { except: ['indicator'], withoutText: [...kept.keys()] })
    ).map(({ report: other, mentions, clusterId }) =>
      storyProfile({
        reportId: other.id,
        clusterId,
        at: other.published ?? other.ingestedAt,
        title: other.title,
        text: other.text,
        mentions,
        primaryActor: primaryActorOf(mentions, []),
        terms: kept.get(other.id) ?? this.#cachedTerms(other.id),
        onTerms: (terms) => this.#keepTerms(other.id, terms),
      }),
    );
    return chooseCluster(self, others);
  }

  /**
   * Recomputes every report's analysis with the current catalog, then its story cluster, in
   * ingest order. Reports one progress step per report per pass.
   */
  async reanalyzeAll(
    store: ReportStore & AnalysisReadStore & AnalysisWriteStore,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ reports: number; clusters: number }> {
    const reports = (await store.listReports()).reverse();
    const total = reports.length * 2;
    let done = 0;
    const analyses = new Map<string, ReportAnalysis>();
    for (const summary of reports) {
      const report = await store.getReport(summary.id);
      if (!report) continue;
      const analysis = this.view(report.tlp).analyze({
        text: report.text,
        title: report.title,
        published: report.published,
        publisher: report.publisher,
      });
      analyses.set(report.id, analysis);
      await store.replaceAnalysis(report.id, analysis, report.id);
      onProgress?.(++done, total);
    }
    const clusters = new Set<string>();
    for (const summary of reports) {
      const report = await store.getReport(summary.id);
      const analysis = analyses.get(summary.id);
      if (!report || !analysis) continue;
      const clusterId = await this.assignCluster(store, report, analysis, {
        ingestedAt: report.ingestedAt,
        id: report.id,
      });
      await store.setCluster(report.id, clusterId);
      clusters.add(clusterId);
      onProgress?.(++done, total);
    }
    return { reports: analyses.size, clusters: clusters.size };
  }
}
