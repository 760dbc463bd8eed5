/** @module Store adapter on node:sqlite: one file, WAL, foreign keys, FTS5 over passages. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { type CatalogEntryInput, CatalogEntrySchema } from '../../core/analysis/catalog/catalog.ts';
import { ThreatBriefError } from '../../core/errors.ts';
import type {
  Claim,
  EntityKind,
  Fact,
  Mention,
  ReportAnalysis,
} from '../../core/model/analysis.ts';
import { AnswerSchema } from '../../core/model/answer.ts';
import type {
  LinkedObject,
  NewReport,
  Passage,
  Report,
  ReportSummary,
} from '../../core/model/report.ts';
import { type ThreadContext, ThreadContextSchema } from '../../core/model/thread.ts';
import { type Tlp, tlpRank } from '../../core/model/tlp.ts';
import type {
  EntityRef,
  MentionHit,
  SourcedClaim,
  SourcedFact,
  Withholding,
} from '../../core/ports/analysis-store.ts';
import type { AnswerRecord, FeedbackRecord } from '../../core/ports/conversation-store.ts';
import type {
  AddReportResult,
  PassageSearch,
  PassageSearchResult,
  ReportQuery,
} from '../../core/ports/report-store.ts';
import type { Store } from '../../core/ports/store.ts';
import type { SubscriptionStore } from '../../core/ports/subscription-store.ts';
import {
  deleteAnalysis,
  entityKeys,
  rowsAbout,
  setCluster,
  writeAnalysis,
} from './analysis-tables.ts';
import { MIGRATIONS } from './migrations.ts';
import {
  type Row,
  SUMMARY_COLUMNS,
  toClaim,
  toFact,
  toMention,
  toPassage,
  toSummary,
} from './rows.ts';
import { sqliteSubscriptions } from './subscription-tables.ts';

/** FTS5 query text for phrases of plain tokens (tokens hold only letters and digits). */
function ftsQuery(search: PassageSearch): string {
  return search.phrases
    .map((p) => `"${p.join(' ')}"`)
    .join(search.match === 'all' ? ' AND ' : ' OR ');
}

export interface SqliteStoreOptions {
  /** Path of the database file, or ":memory:". */
  path: string;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly #db: DatabaseSync;

  readonly #subscriptions: SubscriptionStore;

  private constructor(db: DatabaseSync) {
    this.#db = db;
    this.#subscriptions = sqliteSubscriptions(db, (work) => this.#transaction(work));
  }

  // SubscriptionStore: the queries live in subscription-tables.ts.
  saveSubscription: SubscriptionStore['saveSubscription'] = (s) =>
    this.#subscriptions.saveSubscription(s);
  removeSubscription: SubscriptionStore['removeSubscription'] = (d) =>
    this.#subscriptions.removeSubscription(d);
  subscriptionFor: SubscriptionStore['subscriptionFor'] = (d) =>
    this.#subscriptions.subscriptionFor(d);
  listSubscriptions: SubscriptionStore['listSubscriptions'] = () =>
    this.#subscriptions.listSubscriptions();
  addWatch: SubscriptionStore['addWatch'] = (w) => this.#subscriptions.addWatch(w);
  removeWatch: SubscriptionStore['removeWatch'] = (d, a) => this.#subscriptions.removeWatch(d, a);
  watchesFor: SubscriptionStore['watchesFor'] = (d) => this.#subscriptions.watchesFor(d);
  watchesOn: SubscriptionStore['watchesOn'] = (a) => this.#subscriptions.watchesOn(a);
  clearanceOf: SubscriptionStore['clearanceOf'] = (d) => this.#subscriptions.clearanceOf(d);
  setClearance: SubscriptionStore['setClearance'] = (d, c, by, at) =>
    this.#subscriptions.setClearance(d, c, by, at);
  claimDigestRun: SubscriptionStore['claimDigestRun'] = (r) =>
    this.#subscriptions.claimDigestRun(r);
  finishDigestRun: SubscriptionStore['finishDigestRun'] = (u) =>
    this.#subscriptions.finishDigestRun(u);
  digestRuns: SubscriptionStore['digestRuns'] = (id) => this.#subscriptions.digestRuns(id);
  lastCompletedRun: SubscriptionStore['lastCompletedRun'] = (id) =>
    this.#subscriptions.lastCompletedRun(id);
  queueAlerts: SubscriptionStore['queueAlerts'] = (a) => this.#subscriptions.queueAlerts(a);
  claimAlerts: SubscriptionStore['claimAlerts'] = (at, stale, limit) =>
    this.#subscriptions.claimAlerts(at, stale, limit);
  finishAlert: SubscriptionStore['finishAlert'] = (id, s, n, e) =>
    this.#subscriptions.finishAlert(id, s, n, e);
  claimEvent: SubscriptionStore['claimEvent'] = (p, id, at) =>
    this.#subscriptions.claimEvent(p, id, at);

  static open(options: SqliteStoreOptions): SqliteStore {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(options.path, { enableForeignKeyConstraints: true, timeout: 5000 });
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    } catch (error) {
      throw new ThreatBriefError(
        'store',
        `cannot open the database at ${options.path}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const store = new SqliteStore(db);
    store.#migrate();
    return store;
  }

  #migrate(): void {
    this.#db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(
      this.#db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((row) => Number(row.version)),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.#transaction(() => {
        this.#db.exec(migration.sql);
        this.#db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, new Date().toISOString());
      });
    }
  }

  /** Runs `work` inside BEGIN IMMEDIATE ... COMMIT; any throw rolls everything back. */
  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  async addReport(item: NewReport): Promise<AddReportResult> {
    const { report, passages, linkedObjects } = item;
    try {
      return this.#transaction(() => {
        const existing = this.#summaryWhere('r.content_hash = ?', report.contentHash);
        if (existing) return { status: 'duplicate', report: existing } as const;
        this.#db
          .prepare(
            `INSERT INTO reports (id, content_hash, title, url, publisher, author, published, ingested_at,
               tlp, tlp_rank, reliability, source_kind, ai_generated, origin, text)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            report.id,
            report.contentHash,
            report.title,
            report.url,
            report.publisher,
            report.author,
            report.published,
            report.ingestedAt,
            report.tlp,
            tlpRank(report.tlp),
            report.reliability,
            report.sourceKind,
            report.aiGenerated ? 1 : 0,
            report.origin,
            report.text,
          );
        const insertPassage = this.#db.prepare(
          'INSERT INTO passages (report_id, seq, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?)',
        );
        for (const p of passages) insertPassage.run(report.id, p.seq, p.start, p.end, p.text);
        const insertObject = this.#db.prepare(
          'INSERT INTO linked_objects (report_id, stix_id, type, name, body) VALUES (?, ?, ?, ?, ?)',
        );
        for (const o of linkedObjects) {
          insertObject.run(report.id, o.stixId, o.type, o.name, JSON.stringify(o.body));
        }
        if (item.analysis) writeAnalysis(this.#db, report.id, item.analysis);
        setCluster(this.#db, report.id, item.clusterId ?? report.id);
        const { text: _text, ...summary } = report;
        return { status: 'stored', report: summary } as const;
      });
    } catch (error) {
      throw new ThreatBriefError(
        'store',
        `could not store "${report.title}": ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  #summaryWhere(where: string, ...params: SQLInputValue[]): ReportSummary | undefined {
    const row = this.#db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE ${where}`)
      .get(...params);
    return row ? toSummary(row as Row) : undefined;
  }

  async getReport(id: string): Promise<Report | undefined> {
    const row = this.#db
      .prepare(`SELECT ${SUMMARY_COLUMNS}, r.text FROM reports r WHERE r.id = ?`)
      .get(id);
    return row ? { ...toSummary(row as Row), text: row.text as string } : undefined;
  }

  async getReportSummaries(ids: string[]): Promise<ReportSummary[]> {
    if (ids.length === 0) return [];
    const rows = this.#db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM reports r WHERE r.id IN (${ids.map(() => '?').join(', ')})`,
      )
      .all(...ids) as Row[];
    const byId = new Map(rows.map((row) => [row.id as string, toSummary(row)]));
    return ids.map((id) => byId.get(id)).filter((r): r is ReportSummary => r !== undefined);
  }

  async findReportByHash(contentHash: string): Promise<ReportSummary | undefined> {
    return this.#summaryWhere('r.content_hash = ?', contentHash);
  }

  async listReports(query: ReportQuery = {}): Promise<ReportSummary[]> {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (query.ingestedSince) {
      where.push('r.ingested_at >= ?');
      params.push(query.ingestedSince);
    }
    if (query.ingestedBefore) {
      where.push('r.ingested_at < ?');
      params.push(query.ingestedBefore);
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM reports r
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.ingested_at DESC, r.id ${query.limit ? 'LIMIT ?' : ''}`;
    if (query.limit) params.push(query.limit);
    return this.#db
      .prepare(sql)
      .all(...params)
      .map((row) => toSummary(row as Row));
  }

  async countReports(): Promise<number> {
    return Number(this.#db.prepare('SELECT COUNT(*) AS n FROM reports').get()!.n);
  }

  async passagesOf(reportId: string): Promise<Passage[]> {
    return this.#db
      .prepare('SELECT * FROM passages WHERE report_id = ? ORDER BY seq')
      .all(reportId)
      .map((row) => toPassage(row as Row));
  }

  async linkedObjectsOf(reportId: string): Promise<LinkedObject[]> {
    return this.#db
      .prepare('SELECT * FROM linked_objects WHERE report_id = ? ORDER BY stix_id')
      .all(reportId)
      .map((row) => ({
        stixId: row.stix_id as string,
        type: row.type as string,
        name: (row.name as string | null) ?? null,
        body: JSON.parse(row.body as string) as Record<string, unknown>,
      }));
  }

  async searchPassages(search: PassageSearch): Promise<PassageSearchResult> {
    if (search.phrases.length === 0) return { hits: [], withheldReports: 0 };
    const match = ftsQuery(search);
    const clearance = tlpRank(search.clearance);
    const only = search.reportIds
      ? `AND p.report_id IN (${search.reportIds.map(() => '?').join(', ') || 'NULL'})`
      : '';
    const onlyParams = search.reportIds ?? [];
    const rows = this.#db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, p.report_id, p.seq, p.start_offset, p.end_offset, p.text,
           bm25(passages_fts) AS rank
         FROM passages_fts
         JOIN passages p ON p.id = passages_fts.rowid
         JOIN reports r ON r.id = p.report_id
         WHERE passages_fts MATCH ? AND r.tlp_rank <= ? ${only}
         ORDER BY rank, p.id
         LIMIT ?`,
      )
      .all(match, clearance, ...onlyParams, search.limit) as Row[];
    const withheld = this.#db
      .prepare(
        `SELECT COUNT(DISTINCT p.report_id) AS n
         FROM passages_fts
         JOIN passages p ON p.id = passages_fts.rowid
         JOIN reports r ON r.id = p.report_id
         WHERE passages_fts MATCH ? AND r.tlp_rank > ? ${only}`,
      )
      .get(match, clearance, ...onlyParams)!;
    return {
      hits: rows.map((row) => ({
        passage: toPassage(row),
        report: toSummary(row),
        score: -Number(row.rank),
      })),
      withheldReports: Number(withheld.n),
    };
  }

  async mentionsOf(reportId: string): Promise<Mention[]> {
    return (
      this.#db
        .prepare('SELECT * FROM mentions WHERE report_id = ? ORDER BY start_offset, kind')
        .all(reportId) as Row[]
    ).map(toMention);
  }

  async claimsOf(reportId: string): Promise<Claim[]> {
    return (
      this.#db
        .prepare('SELECT * FROM claims WHERE report_id = ? ORDER BY start_offset, id')
        .all(reportId) as Row[]
    ).map(toClaim);
  }

  async factsOf(reportId: string): Promise<Fact[]> {
    return (
      this.#db
        .prepare('SELECT * FROM facts WHERE report_id = ? ORDER BY start_offset, id')
        .all(reportId) as Row[]
    ).map(toFact);
  }

  async clusterOf(reportId: string): Promise<string | undefined> {
    const row = this.#db
      .prepare('SELECT cluster_id FROM report_clusters WHERE report_id = ?')
      .get(reportId);
    return row ? (row.cluster_id as string) : undefined;
  }

  async reportsInCluster(clusterId: string): Promise<ReportSummary[]> {
    return (
      this.#db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN report_clusters c ON c.report_id = r.id
           WHERE c.cluster_id = ? ORDER BY r.ingested_at, r.id`,
        )
        .all(clusterId) as Row[]
    ).map(toSummary);
  }

  async reportsMentioning(query: {
    entities: EntityRef[];
    clearance: Tlp;
    limit?: number;
  }): Promise<Withholding<MentionHit>> {
    if (query.entities.length === 0) return { items: [], withheldReports: 0 };
    const { sql, params } = entityKeys(query.entities);
    const rows = this.#db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, r.tlp_rank, COUNT(*) AS n FROM mentions m JOIN reports r ON r.id = m.report_id
         WHERE ${sql} GROUP BY r.id ORDER BY n DESC, r.published DESC, r.id`,
      )
      .all(...params) as Row[];
    const rank = tlpRank(query.clearance);
    const visible = rows.filter((r) => Number(r.tlp_rank) <= rank);
    return {
      items: visible
        .slice(0, query.limit ?? visible.length)
        .map((row) => ({ report: toSummary(row), mentions: Number(row.n) })),
      withheldReports: rows.length - visible.length,
    };
  }

  async claimsAbout(subjects: string[], clearance: Tlp): Promise<Withholding<SourcedClaim>> {
    const { items, withheldReports } = rowsAbout(this.#db, 'claims', subjects, clearance);
    return {
      items: items.map((row) => ({
        ...toClaim(row),
        report: toSummary({ ...row, id: row.report_id }),
      })),
      withheldReports,
    };
  }

  async factsAbout(subjects: string[], clearance: Tlp): Promise<Withholding<SourcedFact>> {
    const { items, withheldReports } = rowsAbout(this.#db, 'facts', subjects, clearance);
    return {
      items: items.map((row) => ({
        ...toFact(row),
        kind: row.kind as Fact['kind'],
        report: toSummary({ ...row, id: row.report_id }),
      })),
      withheldReports,
    };
  }

  async knownEntities(
    kinds: EntityKind[],
    clearance?: Tlp,
  ): Promise<{ kind: EntityKind; canonical: string; reports: number }[]> {
    if (kinds.length === 0) return [];
    const visible = clearance
      ? 'AND m.report_id IN (SELECT id FROM reports WHERE tlp_rank <= ?)'
      : '';
    return (
      this.#db
        .prepare(
          `SELECT kind, MIN(canonical) AS canonical, COUNT(DISTINCT report_id) AS reports FROM mentions m
           WHERE kind IN (${kinds.map(() => '?').join(', ')}) ${visible}
           GROUP BY kind, canonical_key ORDER BY reports DESC, canonical`,
        )
        .all(...kinds, ...(clearance ? [tlpRank(clearance)] : [])) as Row[]
    ).map((row) => ({
      kind: row.kind as EntityKind,
      canonical: row.canonical as string,
      reports: Number(row.reports),
    }));
  }

  async storyCandidates(query: {
    entities: EntityRef[];
    title?: string;
    from: string;
    to: string;
    before: { ingestedAt: string; id?: string };
  }): Promise<{ reportId: string; clusterId: string }[]> {
    if (query.entities.length === 0 && !query.title) return [];
    const { sql, params } = entityKeys(query.entities);
    const before = query.before.id
      ? {
          sql: '(r.ingested_at < ? OR (r.ingested_at = ? AND r.id < ?))',
          params: [query.before.ingestedAt, query.before.ingestedAt, query.before.id],
        }
      : { sql: 'r.ingested_at <= ?', params: [query.before.ingestedAt] };
    // A report shares a story with earlier ones that name the same entities or carry the same title.
    return (
      this.#db
        .prepare(
          `SELECT r.id, c.cluster_id, r.ingested_at FROM reports r JOIN report_clusters c ON c.report_id = r.id
           WHERE (EXISTS (SELECT 1 FROM mentions m WHERE m.report_id = r.id AND (${sql})) OR r.title = ?)
             AND ${before.sql}
             AND COALESCE(r.published, r.ingested_at) >= ? AND COALESCE(r.published, r.ingested_at) <= ?
           ORDER BY r.ingested_at DESC, r.id DESC LIMIT 50`,
        )
        .all(...params, query.title ?? null, ...before.params, query.from, query.to) as Row[]
    ).map((row) => ({ reportId: row.id as string, clusterId: row.cluster_id as string }));
  }

  async replaceAnalysis(
    reportId: string,
    analysis: ReportAnalysis,
    clusterId: string,
  ): Promise<void> {
    this.#transaction(() => {
      deleteAnalysis(this.#db, reportId);
      writeAnalysis(this.#db, reportId, analysis);
      setCluster(this.#db, reportId, clusterId);
    });
  }

  async setCluster(reportId: string, clusterId: string): Promise<void> {
    setCluster(this.#db, reportId, clusterId);
  }

  async importedCatalog(): Promise<CatalogEntryInput[]> {
    return (this.#db.prepare('SELECT body FROM catalog_entries ORDER BY id').all() as Row[]).map(
      (row) => CatalogEntrySchema.parse(JSON.parse(row.body as string)),
    );
  }

  async saveCatalogEntries(entries: CatalogEntryInput[]): Promise<number> {
    const now = new Date().toISOString();
    const upsert = this.#db.prepare(
      `INSERT INTO catalog_entries (source, kind, name, body, saved_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (source, kind, name) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at`,
    );
    const exists = this.#db.prepare(
      'SELECT 1 FROM catalog_entries WHERE source = ? AND kind = ? AND name = ?',
    );
    return this.#transaction(() => {
      let added = 0;
      for (const input of entries) {
        const entry = CatalogEntrySchema.parse(input);
        if (!exists.get(entry.source, entry.kind, entry.name)) added++;
        upsert.run(entry.source, entry.kind, entry.name, JSON.stringify(entry), now);
      }
      return added;
    });
  }

  async getThread(threadId: string): Promise<ThreadContext | undefined> {
    const row = this.#db.prepare('SELECT context FROM threads WHERE thread_id = ?').get(threadId);
    return row ? ThreadContextSchema.parse(JSON.parse(row.context as string)) : undefined;
  }

  async saveThread(context: ThreadContext): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO threads (thread_id, context, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (thread_id) DO UPDATE SET context = excluded.context, updated_at = excluded.updated_at`,
      )
      .run(context.threadId, JSON.stringify(context), context.updatedAt);
  }

  async saveAnswer(record: AnswerRecord): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO answers (id, thread_id, destination, answer, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        record.id,
        record.threadId,
        record.destination,
        JSON.stringify(record.answer),
        record.createdAt,
      );
  }

  async getAnswer(id: string): Promise<AnswerRecord | undefined> {
    const row = this.#db.prepare('SELECT * FROM answers WHERE id = ?').get(id);
    if (!row) return undefined;
    return {
      id: row.id as string,
      threadId: (row.thread_id as string | null) ?? null,
      destination: row.destination as string,
      answer: AnswerSchema.parse(JSON.parse(row.answer as string)),
      createdAt: row.created_at as string,
    };
  }

  async saveFeedback(feedback: FeedbackRecord): Promise<void> {
    try {
      this.#db
        .prepare(
          `INSERT INTO feedback (answer_id, user_id, rating, comment, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (answer_id, user_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
             created_at = excluded.created_at`,
        )
        .run(
          feedback.answerId,
          feedback.user,
          feedback.rating,
          feedback.comment,
          feedback.createdAt,
        );
    } catch (error) {
      throw new ThreatBriefError('not_found', `no answer ${feedback.answerId} to rate`, {
        cause: error,
      });
    }
  }

  async feedbackFor(answerId: string): Promise<FeedbackRecord[]> {
    return (
      this.#db
        .prepare('SELECT * FROM feedback WHERE answer_id = ? ORDER BY created_at, user_id')
        .all(answerId) as Row[]
    ).map((row) => ({
      answerId: row.answer_id as string,
      user: row.user_id as string,
      rating: row.rating as FeedbackRecord['rating'],
      comment: (row.comment as string | null) ?? null,
      createdAt: row.created_at as string,
    }));
  }

  async saveConversationRef(
    platform: string,
    channel: string,
    reference: Record<string, unknown>,
    at: string,
  ): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO conversation_refs (platform, channel, reference, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, channel) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      )
      .run(platform, channel, JSON.stringify(reference), at);
  }

  async conversationRef(
    platform: string,
    channel: string,
  ): Promise<Record<string, unknown> | undefined> {
    const row = this.#db
      .prepare('SELECT reference FROM conversation_refs WHERE platform = ? AND channel = ?')
      .get(platform, channel);
    return row ? (JSON.parse(row.reference as string) as Record<string, unknown>) : undefined;
  }

  async linkMessage(
    platform: string,
    messageKey: string,
    answerId: string,
    at: string,
  ): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO message_answers (platform, message_key, answer_id, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, message_key) DO UPDATE SET answer_id = excluded.answer_id`,
      )
      .run(platform, messageKey, answerId, at);
  }

  async answerIdForMessage(platform: string, messageKey: string): Promise<string | undefined> {
    const row = this.#db
      .prepare('SELECT answer_id FROM message_answers WHERE platform = ? AND message_key = ?')
      .get(platform, messageKey);
    return row ? (row.answer_id as string) : undefined;
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
