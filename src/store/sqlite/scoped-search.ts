/**
 * @module Passage search within a few reports (an actor's dossier, the reports a first search
 * found), at the cost of those reports' passages rather than of the whole full-text index.
 *
 * A MATCH restricted to some reports still walks every posting of every word in the index and
 * filters afterwards: for common words ("malware", "loader") over 100,000 reports that is most of
 * the index per question. Here the passages of the reports are read by index and tokenized into
 * a temporary FTS5 table with the same tokenizer, whose instance vocabulary gives each phrase's
 * occurrences per passage. The score is FTS5's own bm25 (k1 1.2, b 0.75) over the whole index's
 * statistics: row count and mean length from the index's averages record, passage lengths from
 * its docsize table, each phrase's document count from a count over the index (a walk of that
 * phrase's postings, not a merge of all of them). Hits, order and scores are those of the plain
 * MATCH query.
 */
import type { PassageSearch } from '../../core/ports/report-store.ts';
import { type Row, SUMMARY_COLUMNS } from '../rows.ts';
import type { SqliteDatabase } from './database.ts';

/** Above this many passages in the reports asked for, the plain MATCH query is the cheaper one. */
export const SCOPED_PASSAGES = 2000;

const TOKENIZER = "tokenize = 'porter unicode61 remove_diacritics 2'";
const K1 = 1.2;
const B = 0.75;

/** SQLite's variable-length integers (FTS5 records use them): big-endian 7-bit groups. */
function varints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    for (let k = 0; k < 9 && i < bytes.length; k++) {
      const byte = bytes[i++]!;
      if (k === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) break;
    }
    out.push(value);
  }
  return out;
}

const prepared = new WeakSet<SqliteDatabase>();

/** The temporary tables, once per handle: contentless, so clearing them is cheap. */
function scratch(db: SqliteDatabase): void {
  if (prepared.has(db)) return;
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.scope_passages USING fts5 (text, content = '', ${TOKENIZER});
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.scope_passage_terms USING fts5vocab (temp, scope_passages, instance);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.scope_phrases USING fts5 (text, content = '', ${TOKENIZER});
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.scope_phrase_terms USING fts5vocab (temp, scope_phrases, instance);`);
  prepared.add(db);
}

export interface ScopedResult {
  /** Rows as the MATCH query returns them: summary columns, passage columns and `rank`. */
  rows: Row[];
  withheldReports: number;
}

/**
 * The search of `search.reportIds`' passages, or null when they hold more passages than
 * SCOPED_PASSAGES (the caller then runs the MATCH query).
 */
export function scopedPassageSearch(
  db: SqliteDatabase,
  search: PassageSearch & { reportIds: string[] },
  clearance: number,
): ScopedResult | null {
  const ids = JSON.stringify([...new Set(search.reportIds)]);
  const count = db
    .statement(
      `SELECT COUNT(*) AS n FROM json_each(?) ids CROSS JOIN passages p ON p.report_id = ids.value`,
    )
    .get(ids)!;
  if (Number(count.n) > SCOPED_PASSAGES) return null;
  const passages = db
    .statement(
      `SELECT ${SUMMARY_COLUMNS}, r.tlp_rank, p.id AS passage_id, p.report_id, p.seq,
         p.start_offset, p.end_offset, p.text
       FROM (SELECT DISTINCT value FROM json_each(?)) ids
       CROSS JOIN reports r ON r.id = ids.value
       CROSS JOIN passages p ON p.report_id = r.id`,
    )
    .all(ids) as Row[];
  if (passages.length === 0) return { rows: [], withheldReports: 0 };

  // Each phrase as the index tokenizes it (case folded, diacritics removed, Porter stems).
  scratch(db);
  const phrases = search.phrases.map((p) => p.join(' '));
  db.exec('SAVEPOINT scoped_search');
  try {
    db.exec(`INSERT INTO temp.scope_passages (scope_passages) VALUES ('delete-all');
      INSERT INTO temp.scope_phrases (scope_phrases) VALUES ('delete-all');`);
    const addPassage = db.statement('INSERT INTO temp.scope_passages (rowid, text) VALUES (?, ?)');
    for (const p of passages) addPassage.run(p.passage_id as number, p.text as string);
    const addPhrase = db.statement('INSERT INTO temp.scope_phrases (rowid, text) VALUES (?, ?)');
    for (const [i, p] of phrases.entries()) addPhrase.run(i + 1, p);
    db.exec('RELEASE scoped_search');
  } catch (error) {
    db.exec('ROLLBACK TO scoped_search; RELEASE scoped_search');
    throw error;
  }
  const tokens: string[][] = phrases.map(() => []);
  for (const t of db
    .statement('SELECT term, doc, offset FROM temp.scope_phrase_terms')
    .all() as Row[])
    tokens[Number(t.doc) - 1]![Number(t.offset)] = t.term as string;

  // Where each token occurs: passage -> token offsets.
  const at = new Map<string, Map<number, Set<number>>>();
  const instances = db.statement('SELECT doc, offset FROM temp.scope_passage_terms WHERE term = ?');
  for (const token of new Set(tokens.flat())) {
    const byPassage = new Map<number, Set<number>>();
    for (const row of instances.all(token) as Row[]) {
      const doc = Number(row.doc);
      const offsets = byPassage.get(doc) ?? new Set<number>();
      offsets.add(Number(row.offset));
      byPassage.set(doc, offsets);
    }
    at.set(token, byPassage);
  }
  // How often each phrase occurs in each passage (a phrase is its tokens at consecutive offsets).
  const frequencies = new Map<number, number[]>();
  tokens.forEach((phrase, i) => {
    if (phrase.length === 0 || phrase.some((t) => t === undefined)) return;
    for (const [doc, starts] of at.get(phrase[0]!) ?? []) {
      let f = 0;
      for (const o of starts)
        if (
          phrase.every(
            (t, k) =>
              k === 0 ||
              at
                .get(t)
                ?.get(doc)
                ?.has(o + k),
          )
        )
          f++;
      if (f === 0) continue;
      const row = frequencies.get(doc) ?? phrases.map(() => 0);
      row[i] = f;
      frequencies.set(doc, row);
    }
  });
  const matched = [...frequencies].filter(([, f]) =>
    search.match === 'all' ? f.every((n) => n > 0) : f.some((n) => n > 0),
  );
  if (matched.length === 0) return { rows: [], withheldReports: 0 };

  // bm25 as FTS5 computes it, over the statistics of the whole index.
  const averages = db.statement('SELECT block FROM passages_fts_data WHERE id = 1').get()!;
  const [rowCount = 0, tokenCount = 0] = varints(averages.block as Uint8Array);
  const meanLength = tokenCount / rowCount;
  const documents = db.statement(
    'SELECT COUNT(*) AS n FROM passages_fts WHERE passages_fts MATCH ?',
  );
  const logarithm = db.statement('SELECT ln(?) AS v');
  const idf = phrases.map((_, i) => {
    // A phrase found in no passage here adds nothing to any score; its weight is not needed.
    if (!matched.some(([, f]) => f[i]! > 0)) return 0;
    const hits = Number(documents.get(`"${phrases[i]!}"`)!.n);
    // SQLite's ln() is the C library's log, as in FTS5; Math.log differs in the last bit at times.
    const value = Number(logarithm.get((rowCount - hits + 0.5) / (hits + 0.5))!.v);
    return value <= 0 ? 1e-6 : value;
  });
  const size = db.statement('SELECT sz FROM passages_fts_docsize WHERE id = ?');
  const byId = new Map(passages.map((p) => [Number(p.passage_id), p]));
  const withheld = new Set<string>();
  const scored: Row[] = [];
  for (const [doc, f] of matched) {
    const passage = byId.get(doc)!;
    if (Number(passage.tlp_rank) > clearance) {
      withheld.add(passage.report_id as string);
      continue;
    }
    const length = varints(size.get(doc)!.sz as Uint8Array)[0]!;
    let score = 0;
    for (let i = 0; i < f.length; i++)
      score +=
        idf[i]! * ((f[i]! * (K1 + 1.0)) / (f[i]! + K1 * (1 - B + (B * length) / meanLength)));
    scored.push({ ...passage, rank: -1.0 * score });
  }
  scored.sort(
    (a, b) =>
      (a.rank as number) - (b.rank as number) ||
      (a.passage_id as number) - (b.passage_id as number),
  );
  return { rows: scored.slice(0, search.limit), withheldReports: withheld.size };
}
