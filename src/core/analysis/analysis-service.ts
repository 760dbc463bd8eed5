/**
 * @module The analysis use cases: analyze a report with the current catalog, learn aliases,
 * place a report in its story cluster, and reanalyze everything after the catalog changed.
 */
import type { ReportAnalysis } from '../model/analysis.ts';
import type { Report } from '../model/report.ts';
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
import { Catalog, type CatalogEntryInput, type MergeReport } from './catalog/catalog.ts';
import { chooseCluster, STORY_WINDOW_DAYS, storyProfile } from './clusters.ts';

const DAY = 86_400_000;

export class AnalysisService {
  #catalog: Catalog;
  #analyzer: Analyzer;
  /** The store's catalog revision this process last loaded. */
  #revision = 0;

  private constructor(catalog: Catalog) {
    this.#catalog = catalog;
    this.#analyzer = createAnalyzer(catalog);
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  /** The built-in catalog plus everything imported into this store. */
  static async load(store: CatalogStore): Promise<AnalysisService> {
    const revision = await store.catalogRevision();
    const catalog = new Catalog(builtinCatalogEntries());
    catalog.merge(await store.importedCatalog());
    const service = new AnalysisService(catalog);
    service.#revision = revision;
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
    const catalog = new Catalog(builtinCatalogEntries());
    catalog.merge(await store.importedCatalog());
    this.#catalog = catalog;
    this.#analyzer = createAnalyzer(catalog);
    this.#revision = revision;
    return true;
  }

  /** Built-in catalog only: for `extract`, which reads no store. */
  static builtin(): AnalysisService {
    return new AnalysisService(new Catalog(builtinCatalogEntries()));
  }

  analyze(input: AnalysisInput): ReportAnalysis {
    return this.#analyzer(input);
  }

  /** Merges entries into the catalog in memory (for this process) and rebuilds the matcher. */
  learn(entries: CatalogEntryInput[]): MergeReport {
    const report = this.catalog.merge(entries);
    if (report.added || report.newAliases) this.#analyzer = createAnalyzer(this.catalog);
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
    report: Pick<Report, 'id' | 'text' | 'title' | 'published' | 'ingestedAt'>,
    analysis: ReportAnalysis,
    before: { ingestedAt: string; id?: string } = { ingestedAt: report.ingestedAt },
  ): Promise<string> {
    const at = report.published ?? report.ingestedAt;
    const entities = analysis.mentions
      .filter((m) => m.kind === 'actor' || m.kind === 'malware' || m.kind === 'cve')
      .map((m) => ({ kind: m.kind, canonical: m.canonical }));
    const unique = [...new Map(entities.map((e) => [`${e.kind}:${e.canonical}`, e])).values()];
    const candidates = await store.storyCandidates({
      entities: unique,
      title: report.title,
      from: new Date(Date.parse(at) - STORY_WINDOW_DAYS * DAY).toISOString(),
      to: new Date(Date.parse(at) + STORY_WINDOW_DAYS * DAY).toISOString(),
      before,
    });
    if (candidates.length === 0) return report.id;
    const titleActors = titleActorsOf(
      report.title,
      this.analyze({ text: report.title }).mentions,
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
    });
    const others = (await store.reportsWithMentions(candidates.map((c) => c.reportId))).map(
      ({ report: other, mentions, clusterId }) =>
        storyProfile({
          reportId: other.id,
          clusterId,
          at: other.published ?? other.ingestedAt,
          title: other.title,
          text: other.text,
          mentions,
          primaryActor: primaryActorOf(mentions, []),
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
      const analysis = this.analyze({
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
