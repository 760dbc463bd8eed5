/**
 * @module Ingest throughput alone, for working on it: ingests N synthetic reports (the scale
 * bench's corpus) with analysis in batches of 1,000 into a fresh SQLite file, then the same texts
 * into a bare node:sqlite FTS5 table as the scale bench does, and prints the CPU seconds of both
 * and their ratio. `node bench/scale/ingest-rate.ts --size 10000 --corpus DIR --dir DIR`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { ingestDocuments, type SourceDocument } from '../../src/core/ingest/ingest-documents.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { HISTORY_DAYS, HISTORY_START, loadSources, syntheticReports } from './corpus.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '17' },
    corpus: { type: 'string', default: '/work/shared/corpus/annoctr/reports' },
    dir: { type: 'string', default: '/tmp/ingest-rate' },
    'skip-raw': { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const seed = Number(values.seed);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sources = loadSources(values.corpus!);
const history = () =>
  syntheticReports(sources, { seed, count: size, from: HISTORY_START, days: HISTORY_DAYS });

const dbPath = join(values.dir!, `ingest-${size}.sqlite`);
for (const ext of ['', '-wal', '-shm']) rmSync(dbPath + ext, { force: true });
const store = openSqliteStore({ path: dbPath });
const analysis = await AnalysisService.load(store);
const clock = fixedClock(new Date(HISTORY_START));
let cpu = 0;
let ingested = 0;
const batch: SourceDocument[] = [];
const flush = async () => {
  const c = cpuMs();
  const summary = await ingestDocuments({ store, clock, analysis }, batch, { defaultTlp: 'CLEAR' });
  cpu += cpuMs() - c;
  ingested += summary.ingested;
  batch.length = 0;
  process.stderr.write(`${ingested} ingested, ${(cpu / 1000).toFixed(1)} s CPU\n`);
};
for (const r of history()) {
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
await store.close();

const result: Record<string, number> = {
  size,
  ingested,
  ingestCpuSeconds: cpu / 1000,
  ingestPerSecondCpu: ingested / (cpu / 1000),
};
if (!values['skip-raw']) {
  const rawPath = join(values.dir!, `raw-${size}.sqlite`);
  for (const ext of ['', '-wal', '-shm']) rmSync(rawPath + ext, { force: true });
  const raw = new DatabaseSync(rawPath);
  raw.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE VIRTUAL TABLE docs USING fts5 (title, text, tokenize = 'porter unicode61 remove_diacritics 2');`);
  const insert = raw.prepare('INSERT INTO docs (title, text) VALUES (?, ?)');
  // As the scale bench does: generation of the texts inside the timed part.
  const c = cpuMs();
  let n = 0;
  raw.exec('BEGIN');
  for (const r of history()) {
    insert.run(r.draft.title ?? '', r.draft.text);
    if (++n % 1000 === 0) {
      raw.exec('COMMIT');
      raw.exec('BEGIN');
    }
  }
  raw.exec('COMMIT');
  const rawCpu = (cpuMs() - c) / 1000;
  raw.close();
  result.rawCpuSeconds = rawCpu;
  result.rawPerSecondCpu = size / rawCpu;
  result.ratio = result.ingestPerSecondCpu / result.rawPerSecondCpu;
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
