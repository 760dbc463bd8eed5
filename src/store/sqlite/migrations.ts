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
  {
    version: 2,
    name: 'analysis: mentions, claims, facts, story clusters, imported catalog',
    sql: `
      CREATE TABLE mentions (
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        canonical TEXT NOT NULL,
        canonical_key TEXT NOT NULL,
        surface TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL
      );
      CREATE INDEX mentions_by_entity ON mentions (canonical_key, kind);
      CREATE INDEX mentions_by_report ON mentions (report_id);

      CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        relation TEXT NOT NULL,
        object TEXT NOT NULL,
        object_key TEXT NOT NULL,
        object_kind TEXT NOT NULL,
        country TEXT,
        strength TEXT NOT NULL,
        stated_confidence TEXT,
        stance TEXT NOT NULL,
        originator TEXT,
        cues TEXT NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        quote TEXT NOT NULL
      );
      CREATE INDEX claims_by_subject ON claims (subject_key);
      CREATE INDEX claims_by_object ON claims (object_key);
      CREATE INDEX claims_by_report ON claims (report_id);

      CREATE TABLE facts (
        id INTEGER PRIMARY KEY,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        originator TEXT,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        quote TEXT NOT NULL
      );
      CREATE INDEX facts_by_subject ON facts (subject_key);

      CREATE TABLE report_clusters (
        report_id TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        cluster_id TEXT NOT NULL
      );
      CREATE INDEX report_clusters_by_cluster ON report_clusters (cluster_id);
      INSERT INTO report_clusters (report_id, cluster_id) SELECT id, id FROM reports;

      CREATE TABLE catalog_entries (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        UNIQUE (source, kind, name)
      );
    `,
  },
  {
    version: 3,
    name: 'conversations: thread memory, answers given, feedback',
    sql: `
      CREATE TABLE threads (
        thread_id TEXT PRIMARY KEY,
        context TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        thread_id TEXT,
        destination TEXT NOT NULL,
        answer TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX answers_by_thread ON answers (thread_id);
      CREATE TABLE feedback (
        answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        comment TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, user_id)
      );
    `,
  },
  {
    version: 4,
    name: 'briefings: subscriptions, watches, destination clearances, run claims, alerts, seen events',
    sql: `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (platform, channel)
      );
      CREATE TABLE watches (
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        actor_key TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (platform, channel, actor_key)
      );
      CREATE INDEX watches_by_actor ON watches (actor_key);
      CREATE TABLE destination_clearances (
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        clearance TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel)
      );
      CREATE TABLE digest_runs (
        subscription_id TEXT NOT NULL,
        period_end TEXT NOT NULL,
        period_start TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'empty', 'failed')),
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        thread_id TEXT,
        message_ids TEXT NOT NULL DEFAULT '[]',
        posted_at TEXT,
        PRIMARY KEY (subscription_id, period_end)
      );
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        actor TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'claimed', 'posted', 'failed')),
        created_at TEXT NOT NULL,
        claimed_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        UNIQUE (platform, channel, report_id, actor)
      );
      CREATE INDEX alerts_by_status ON alerts (status, created_at);
      CREATE TABLE seen_events (
        platform TEXT NOT NULL,
        event_id TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (platform, event_id)
      );
    `,
  },
  {
    version: 5,
    name: 'conversation references for proactive posts',
    sql: `
      CREATE TABLE conversation_refs (
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        reference TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel)
      );
    `,
  },
  {
    version: 6,
    name: 'posted messages and the answers they carry',
    sql: `
      CREATE TABLE message_answers (
        platform TEXT NOT NULL,
        message_key TEXT NOT NULL,
        answer_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (platform, message_key)
      );
    `,
  },
  {
    version: 7,
    name: 'catalog revisions, so replicas notice entries another process saved',
    sql: `
      ALTER TABLE catalog_entries ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      UPDATE catalog_entries SET revision = id;
    `,
  },
  {
    version: 8,
    name: 'briefing profiles: focus (priority intelligence requirements) and item limit per destination',
    sql: `
      CREATE TABLE briefing_profiles (
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel)
      );
      `,
  },
  {
    version: 9,
    name: 'sources polled on a schedule (feeds, TAXII, catalog locations), their items, job runs, catalog origins',
    sql: `
      CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL CHECK (type IN ('feed', 'taxii', 'catalog')),
        source_key TEXT NOT NULL,
        url TEXT NOT NULL,
        settings TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        added_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        cursor TEXT,
        last_attempt_at TEXT,
        last_success_at TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_due_at TEXT,
        items_stored INTEGER NOT NULL DEFAULT 0,
        UNIQUE (type, source_key)
      );
      CREATE TABLE source_items (
        source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('stored', 'duplicate', 'rejected')),
        report_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        last_error TEXT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (source_id, item_key)
      );
      CREATE TABLE job_runs (
        job TEXT NOT NULL,
        slot TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'done', 'failed')),
        claimed_by TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        PRIMARY KEY (job, slot)
      );
      ALTER TABLE catalog_entries ADD COLUMN origin TEXT;
    `,
  },
  {
    version: 10,
    name: 'catalog entries carry the marking of where they were learned',
    // Names learned before markings were kept take the strictest label of the reports whose
    // STIX objects carry them, RED when none does: unknown is never read as CLEAR.
    sql: `
      CREATE TABLE catalog_entries_marked (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0,
        origin TEXT,
        tlp TEXT NOT NULL DEFAULT 'CLEAR',
        tlp_rank INTEGER NOT NULL DEFAULT 0 CHECK (tlp_rank BETWEEN 0 AND 4),
        UNIQUE (source, kind, name, tlp)
      );
      INSERT INTO catalog_entries_marked (id, source, kind, name, body, saved_at, revision, origin, tlp_rank)
        SELECT c.id, c.source, c.kind, c.name, c.body, c.saved_at, c.revision, c.origin,
          CASE WHEN c.source = 'stix' THEN COALESCE((SELECT MAX(r.tlp_rank) FROM linked_objects lo
            JOIN reports r ON r.id = lo.report_id WHERE lo.name = c.name), 4) ELSE 0 END
        FROM catalog_entries c;
      UPDATE catalog_entries_marked SET tlp = CASE tlp_rank WHEN 0 THEN 'CLEAR' WHEN 1 THEN 'GREEN' WHEN 2 THEN 'AMBER' WHEN 3 THEN 'AMBER+STRICT' ELSE 'RED' END;
      DROP TABLE catalog_entries;
      ALTER TABLE catalog_entries_marked RENAME TO catalog_entries;
    `,
  },
  {
    version: 11,
    name: 'story keys: the entities and title of each report with its event date, indexed for finding story candidates',
    sql: `
      -- One row per (entity or title, report), dated by the report's event date (published, else
      -- ingested), so a story-candidate lookup is a range scan per key within the window instead
      -- of a walk over every earlier report. Kept by triggers, so every writer (ingest, reanalyze,
      -- db copy) keeps it without knowing of it.
      CREATE TABLE story_keys (
        key TEXT NOT NULL,
        event_at TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        PRIMARY KEY (key, event_at, report_id)
      ) WITHOUT ROWID;
      CREATE INDEX story_keys_by_report ON story_keys (report_id);
      CREATE TRIGGER story_keys_title AFTER INSERT ON reports BEGIN
        INSERT OR IGNORE INTO story_keys (key, event_at, ingested_at, report_id)
        VALUES ('title:' || new.title, COALESCE(new.published, new.ingested_at), new.ingested_at, new.id);
      END;
      CREATE TRIGGER story_keys_entity AFTER INSERT ON mentions
      WHEN new.kind IN ('actor', 'malware', 'cve') BEGIN
        INSERT OR IGNORE INTO story_keys (key, event_at, ingested_at, report_id)
        SELECT new.kind || ':' || new.canonical_key, COALESCE(r.published, r.ingested_at), r.ingested_at, r.id
        FROM reports r WHERE r.id = new.report_id;
      END;
      CREATE TRIGGER story_keys_entity_gone AFTER DELETE ON mentions
      WHEN old.kind IN ('actor', 'malware', 'cve') BEGIN
        DELETE FROM story_keys WHERE report_id = old.report_id AND key = old.kind || ':' || old.canonical_key;
      END;
      INSERT OR IGNORE INTO story_keys (key, event_at, ingested_at, report_id)
        SELECT 'title:' || title, COALESCE(published, ingested_at), ingested_at, id FROM reports;
      INSERT OR IGNORE INTO story_keys (key, event_at, ingested_at, report_id)
        SELECT m.kind || ':' || m.canonical_key, COALESCE(r.published, r.ingested_at), r.ingested_at, r.id
        FROM mentions m JOIN reports r ON r.id = m.report_id WHERE m.kind IN ('actor', 'malware', 'cve');
    `,
  },
  {
    version: 12,
    name: 'entity index: each entity once per report (with its mention count, label and dates) and report counts per entity and label',
    sql: `
      -- Answers ask "which reports name X" and "which names exist": read from these, kept by
      -- triggers on mentions, instead of aggregating the whole mention table per question.
      CREATE TABLE entity_reports (
        kind TEXT NOT NULL,
        canonical_key TEXT NOT NULL,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        canonical TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        tlp_rank INTEGER NOT NULL,
        published TEXT,
        ingested_at TEXT NOT NULL,
        PRIMARY KEY (kind, canonical_key, report_id)
      ) WITHOUT ROWID;
      CREATE INDEX entity_reports_by_report ON entity_reports (report_id);
      CREATE TABLE entity_counts (
        kind TEXT NOT NULL,
        canonical_key TEXT NOT NULL,
        tlp_rank INTEGER NOT NULL,
        canonical TEXT NOT NULL,
        reports INTEGER NOT NULL,
        PRIMARY KEY (kind, canonical_key, tlp_rank)
      ) WITHOUT ROWID;
      CREATE INDEX facts_by_report ON facts (report_id);
      CREATE INDEX facts_by_subject_kind ON facts (subject_key, kind);
      CREATE INDEX facts_by_subject_report ON facts (subject_key, report_id);
      CREATE INDEX reports_by_tlp_rank ON reports (tlp_rank);
      INSERT INTO entity_reports
        SELECT m.kind, m.canonical_key, m.report_id, MIN(m.canonical), COUNT(*), r.tlp_rank, r.published, r.ingested_at
        FROM mentions m JOIN reports r ON r.id = m.report_id
        GROUP BY m.kind, m.canonical_key, m.report_id;
      INSERT INTO entity_counts
        SELECT kind, canonical_key, tlp_rank, MIN(canonical), COUNT(*) FROM entity_reports
        GROUP BY kind, canonical_key, tlp_rank;
      CREATE TRIGGER entity_reports_add AFTER INSERT ON mentions BEGIN
        INSERT INTO entity_reports
          SELECT new.kind, new.canonical_key, new.report_id, new.canonical, 1, r.tlp_rank, r.published, r.ingested_at
          FROM reports r WHERE r.id = new.report_id
        ON CONFLICT (kind, canonical_key, report_id)
          DO UPDATE SET mentions = mentions + 1, canonical = MIN(canonical, excluded.canonical);
      END;
      CREATE TRIGGER entity_reports_remove AFTER DELETE ON mentions BEGIN
        UPDATE entity_reports SET mentions = mentions - 1
          WHERE kind = old.kind AND canonical_key = old.canonical_key AND report_id = old.report_id;
        DELETE FROM entity_reports
          WHERE kind = old.kind AND canonical_key = old.canonical_key AND report_id = old.report_id AND mentions <= 0;
      END;
      CREATE TRIGGER entity_counts_add AFTER INSERT ON entity_reports BEGIN
        INSERT INTO entity_counts VALUES (new.kind, new.canonical_key, new.tlp_rank, new.canonical, 1)
        ON CONFLICT (kind, canonical_key, tlp_rank)
          DO UPDATE SET reports = reports + 1, canonical = MIN(canonical, excluded.canonical);
      END;
      CREATE TRIGGER entity_counts_spelling AFTER UPDATE OF canonical ON entity_reports BEGIN
        UPDATE entity_counts SET canonical = MIN(canonical, new.canonical)
          WHERE kind = new.kind AND canonical_key = new.canonical_key AND tlp_rank = new.tlp_rank;
      END;
      CREATE TRIGGER entity_counts_remove AFTER DELETE ON entity_reports BEGIN
        DELETE FROM entity_counts
          WHERE kind = old.kind AND canonical_key = old.canonical_key AND tlp_rank = old.tlp_rank;
        INSERT INTO entity_counts
          SELECT kind, canonical_key, tlp_rank, MIN(canonical), COUNT(*) FROM entity_reports
          WHERE kind = old.kind AND canonical_key = old.canonical_key AND tlp_rank = old.tlp_rank
          GROUP BY kind, canonical_key, tlp_rank;
      END;
    `,
  },
  {
    version: 13,
    name: 'facts by subject, kind and lower-cased value: a briefing asks whether earlier reports stated a fact',
    sql: `
      CREATE INDEX facts_by_subject_kind_value ON facts (subject_key, kind, lower(value));
    `,
  },
  {
    version: 14,
    name: 'passages are indexed for full-text search by their writers, not by a trigger per passage',
    // A statement that writes FTS5 through a trigger opens a statement savepoint, and FTS5
    // writes out its pending terms at every savepoint: one small index segment per passage,
    // merged again and again (two thirds of the cost of indexing). Writers now index passages
    // themselves, a whole batch of reports at once (indexPassages). Deletion stays a trigger.
    sql: `
      DROP TRIGGER passages_fts_insert;
    `,
  },
  {
    version: 15,
    name: 'the entity index and story keys are written once per report, not by a trigger per mention; indexes nothing reads are dropped',
    // A trigger per mention looked the report up, upserted its entity row and, for a repeated
    // name, rewrote the entity's count row: a report names some twenty things, a dozen of them
    // distinct. The writer of mentions (writeAnalysis) now fills both from the report's mentions
    // in one grouped statement each. Deleting mentions still updates them by trigger.
    // Mentions are only ever read by report, and every query on facts by subject is served by
    // the index on (subject_key, kind, lower(value)) or by report; each dropped index cost a
    // B-tree write per row.
    sql: `
      DROP TRIGGER entity_reports_add;
      DROP TRIGGER story_keys_entity;
      DROP INDEX mentions_by_entity;
      DROP INDEX facts_by_subject;
      DROP INDEX facts_by_subject_kind;
      DROP INDEX facts_by_subject_report;
    `,
  },
  {
    version: 16,
    name: 'the entity index is ordered by ingest time within each entity: new rows go to the end of their entity',
    // Keyed by report id (a hash) within each entity, a batch's entity rows (a dozen per report)
    // went to as many random places, each a page to rewrite at commit. By ingest time they go to
    // the end of their entity, a few pages per entity. Readers group an entity's rows by report
    // whatever their order, and one report's rows are found by the report index (the unary +
    // keeps SQLite on it).
    sql: `
      DROP TRIGGER entity_reports_remove;
      CREATE TABLE entity_reports_by_time (
        kind TEXT NOT NULL,
        canonical_key TEXT NOT NULL,
        report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        canonical TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        tlp_rank INTEGER NOT NULL,
        published TEXT,
        ingested_at TEXT NOT NULL,
        PRIMARY KEY (kind, canonical_key, ingested_at, report_id)
      ) WITHOUT ROWID;
      INSERT INTO entity_reports_by_time SELECT * FROM entity_reports;
      DROP TABLE entity_reports;
      ALTER TABLE entity_reports_by_time RENAME TO entity_reports;
      CREATE INDEX entity_reports_by_report ON entity_reports (report_id);
      CREATE TRIGGER entity_reports_remove AFTER DELETE ON mentions BEGIN
        UPDATE entity_reports SET mentions = mentions - 1
          WHERE report_id = old.report_id AND +kind = old.kind AND +canonical_key = old.canonical_key;
        DELETE FROM entity_reports
          WHERE report_id = old.report_id AND +kind = old.kind AND +canonical_key = old.canonical_key
            AND mentions <= 0;
      END;
      CREATE TRIGGER entity_counts_add AFTER INSERT ON entity_reports BEGIN
        INSERT INTO entity_counts VALUES (new.kind, new.canonical_key, new.tlp_rank, new.canonical, 1)
        ON CONFLICT (kind, canonical_key, tlp_rank)
          DO UPDATE SET reports = reports + 1, canonical = MIN(canonical, excluded.canonical);
      END;
      CREATE TRIGGER entity_counts_spelling AFTER UPDATE OF canonical ON entity_reports BEGIN
        UPDATE entity_counts SET canonical = MIN(canonical, new.canonical)
          WHERE kind = new.kind AND canonical_key = new.canonical_key AND tlp_rank = new.tlp_rank;
      END;
      CREATE TRIGGER entity_counts_remove AFTER DELETE ON entity_reports BEGIN
        DELETE FROM entity_counts
          WHERE kind = old.kind AND canonical_key = old.canonical_key AND tlp_rank = old.tlp_rank;
        INSERT INTO entity_counts
          SELECT kind, canonical_key, tlp_rank, MIN(canonical), COUNT(*) FROM entity_reports
          WHERE kind = old.kind AND canonical_key = old.canonical_key AND tlp_rank = old.tlp_rank
          GROUP BY kind, canonical_key, tlp_rank;
      END;
    `,
  },
];
