/** @module Versioned schema of the SQLite store; a migration is applied once, in its own transaction. */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'reports, passages, full-text index, linked STIX objects',
    sql: `
      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        url TEXT,
        publisher TEXT,
        author TEXT,
        published TEXT,
        ingested_at TEXT NOT NULL,
        tlp TEXT NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
        tlp_rank INTEGER NOT NULL CHECK (tlp_rank BETWEEN 0 AND 4),
        reliability TEXT NOT NULL CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
        source_kind TEXT NOT NULL,
        ai_generated INTEGER NOT NULL DEFAULT 0 CHECK (ai_generated IN (0, 1)),
        origin TEXT,
        text TEXT NOT NULL
      );
      CREATE INDEX reports_by_ingested_at ON reports (ingested_at);

      CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (report_id, seq),
        CHECK (end_offset > start_offset)
      );

      CREATE VIRTUAL TABLE passages_fts USING fts5 (
        text,
        content = 'passages',
        content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;

      CREATE TABLE linked_objects (
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        stix_id TEXT NOT NULL,
        type TEXT NOT NULL,
        name TEXT,
        body TEXT NOT NULL,
        PRIMARY KEY (report_id, stix_id)
      );
    `,
  },
];
