/** @module Store adapter on node:sqlite: one file, WAL, foreign keys, FTS5 over passages. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { ThreatBriefError } from '../../core/errors.ts';
import type {
  LinkedObject,
  NewReport,
  Passage,
  Report,
  ReportSummary,
} from '../../core/model/report.ts';
import { tlpRank } from '../../core/model/tlp.ts';
import type {
  AddReportResult,
  PassageSearch,
  PassageSearchResult,
  ReportQuery,
} from '../../core/ports/report-store.ts';
import type { Store } from '../../core/ports/store.ts';
import { MIGRATIONS } from './migrations.ts';

type Row = Record<string, SQLInputValue>;

const SUMMARY_COLUMNS = `r.id, r.content_hash, r.title, r.url, r.publisher, r.author, r.published,
  r.ingested_at, r.tlp, r.reliability, r.source_kind, r.ai_generated, r.origin`;

function toSummary(row: Row): ReportSummary {
  return {
    id: row.id as string,
    contentHash: row.content_hash as string,
    title: row.title as string,
    url: (row.url as string | null) ?? null,
    publisher: (row.publisher as string | null) ?? null,
    author: (row.author as string | null) ?? null,
    published: (row.published as string | null) ?? null,
    ingestedAt: row.ingested_at as string,
    tlp: row.tlp as Report['tlp'],
    reliability: row.reliability as Report['reliability'],
    sourceKind: row.source_kind as Report['sourceKind'],
    aiGenerated: Number(row.ai_generated) === 1,
    origin: (row.origin as string | null) ?? null,
  };
}

function toPassage(row: Row): Passage {
  return {
    reportId: row.report_id as string,
    seq: Number(row.seq),
    start: Number(row.start_offset),
    end: Number(row.end_offset),
    text: row.text as string,
  };
}

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

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

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
    const rows = this.#db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, p.report_id, p.seq, p.start_offset, p.end_offset, p.text,
           bm25(passages_fts) AS rank
         FROM passages_fts
         JOIN passages p ON p.id = passages_fts.rowid
         JOIN reports r ON r.id = p.report_id
         WHERE passages_fts MATCH ? AND r.tlp_rank <= ?
         ORDER BY rank, p.id
         LIMIT ?`,
      )
      .all(match, clearance, search.limit) as Row[];
    const withheld = this.#db
      .prepare(
        `SELECT COUNT(DISTINCT p.report_id) AS n
         FROM passages_fts
         JOIN passages p ON p.id = passages_fts.rowid
         JOIN reports r ON r.id = p.report_id
         WHERE passages_fts MATCH ? AND r.tlp_rank > ?`,
      )
      .get(match, clearance)!;
    return {
      hits: rows.map((row) => ({
        passage: toPassage(row),
        report: toSummary(row),
        score: -Number(row.rank),
      })),
      withheldReports: Number(withheld.n),
    };
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
