/**
 * @module Phases the scale scripts share: ingesting synthetic reports with analysis in batches of
 * 1,000 (as a feed or folder would hand them over), and the same texts in a bare node:sqlite FTS5
 * table, the floor to compare against.
 */
import { DatabaseSync } from 'node:sqlite';
import type { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { ingestDocuments, type SourceDocument } from '../../src/core/ingest/ingest-documents.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { HISTORY_START, type SyntheticReport } from './corpus.ts';
import { timed } from './timing.ts';

/** Ingests `reports` in batches of 1,000, each read at its arrival time; CPU and wall ms in all. */
export async function ingestSynthetic(
  store: Store,
  analysis: AnalysisService,
  reports: Iterable<SyntheticReport>,
  progress: (line: string) => void,
): Promise<{ cpu: number; wall: number; ingested: number }> {
  const clock = fixedClock(new Date(HISTORY_START));
  const batch: SourceDocument[] = [];
  let cpu = 0;
  let wall = 0;
  let ingested = 0;
  const flush = async () => {
    const t = await timed(() =>
      ingestDocuments({ store, clock, analysis }, batch, { defaultTlp: 'CLEAR' }),
    );
    cpu += t.cpu;
    wall += t.wall;
    ingested += t.value.ingested;
    batch.length = 0;
    progress(
      `${ingested} ingested, ${(cpu / 1000).toFixed(1)} s CPU, ${(wall / 1000).toFixed(1)} s wall`,
    );
  };
  for (const r of reports) {
    batch.push({
      origin: r.origin,
      async read() {
        clock.set(new Date(r.arrives));
        return [r.draft];
      },
    });
    if (batch.length === 1000) await flush();
  }
  if (batch.length) await flush();
  return { cpu, wall, ingested };
}

/** How many reports `analysisAlone` reads: enough for a steady rate, a minute at most. */
export const ANALYSIS_SAMPLE = 10_000;

/**
 * The CPU ms of analysing the first `ANALYSIS_SAMPLE` of `reports` (entities, claims, facts) and
 * nothing else: no store, no story placement. What ingest cannot go below while it analyses.
 */
export function analysisAlone(
  analysis: AnalysisService,
  reports: Iterable<SyntheticReport>,
): { cpu: number; reports: number } {
  const view = analysis.view('CLEAR');
  const sample: SyntheticReport[] = [];
  for (const r of reports) if (sample.push(r) >= ANALYSIS_SAMPLE) break;
  const started = process.cpuUsage();
  for (const { draft } of sample) view.analyze(draft);
  const used = process.cpuUsage(started);
  return { cpu: (used.user + used.system) / 1000, reports: sample.length };
}

/**
 * The same texts inserted into a bare FTS5 table at `path`, 1,000 per transaction (generating
 * them inside the timed part, as ingest does); the open database, for searches, and the timing.
 */
export async function rawFtsInsert(
  path: string,
  reports: Iterable<SyntheticReport>,
): Promise<{ raw: DatabaseSync; cpu: number; wall: number }> {
  const raw = new DatabaseSync(path);
  raw.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE VIRTUAL TABLE docs USING fts5 (title, text, tokenize = 'porter unicode61 remove_diacritics 2');`);
  const insert = raw.prepare('INSERT INTO docs (title, text) VALUES (?, ?)');
  const t = await timed(async () => {
    let n = 0;
    raw.exec('BEGIN');
    for (const r of reports) {
      insert.run(r.draft.title ?? '', r.draft.text);
      if (++n % 1000 === 0) {
        raw.exec('COMMIT');
        raw.exec('BEGIN');
      }
    }
    raw.exec('COMMIT');
  });
  return { raw, cpu: t.cpu, wall: t.wall };
}
