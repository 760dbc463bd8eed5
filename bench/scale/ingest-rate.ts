/**
 * @module Ingest throughput alone, for working on it: ingests N synthetic reports (the scale
 * bench's corpus) with analysis in batches of 1,000 into a fresh SQLite file, then the same texts
 * into a bare node:sqlite FTS5 table as the scale bench does, and prints the CPU seconds of both
 * and their ratio, and the CPU of analysing a sample of them without storing anything (the floor of
 * ingest while it analyses). `node bench/scale/ingest-rate.ts --size 10000 --corpus DIR --dir DIR`.
 * With `--database-url postgres://...` (an empty database or schema) the reports go to
 * PostgreSQL instead; this process's CPU then leaves out the server's, so compare wall time.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../src/config.ts';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { openStore } from '../../src/main.ts';
import { HISTORY_DAYS, HISTORY_START, loadSources, syntheticReports } from './corpus.ts';
import { analysisAlone, ingestSynthetic, rawFtsInsert } from './phases.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '17' },
    corpus: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../../shared/corpus/annoctr/reports'),
    },
    dir: { type: 'string', default: join(tmpdir(), 'threatbrief-ingest-rate') },
    'skip-raw': { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
});
const size = Number(values.size);
const seed = Number(values.seed);
const sources = loadSources(values.corpus!);
const history = () =>
  syntheticReports(sources, { seed, count: size, from: HISTORY_START, days: HISTORY_DAYS });

mkdirSync(values.dir!, { recursive: true });
const url = values['database-url'];
const dbPath = join(values.dir!, `ingest-${size}.sqlite`);
if (!url) for (const ext of ['', '-wal', '-shm']) rmSync(dbPath + ext, { force: true });
const store = await openStore(
  parseConfig(url ? { DATABASE_URL: url } : { THREATBRIEF_DB: dbPath }),
);
if (url && (await store.listReports({ limit: 1 })).length)
  throw new Error(`${url} already holds reports; give an empty database or schema`);
const analysis = await AnalysisService.load(store);
const { cpu, wall, ingested } = await ingestSynthetic(store, analysis, history(), (line) =>
  process.stderr.write(`${line}\n`),
);
const alone = analysisAlone(analysis, history());
await store.close();

const result: Record<string, number> = {
  size,
  ingested,
  ingestCpuSeconds: cpu / 1000,
  ingestWallSeconds: wall / 1000,
  ingestPerSecondCpu: ingested / (cpu / 1000),
  analysisAloneMsPerReport: alone.cpu / alone.reports,
};
if (!values['skip-raw']) {
  const rawPath = join(values.dir!, `raw-${size}.sqlite`);
  for (const ext of ['', '-wal', '-shm']) rmSync(rawPath + ext, { force: true });
  const { raw, cpu: rawMs } = await rawFtsInsert(rawPath, history());
  const rawCpu = rawMs / 1000;
  raw.close();
  result.rawCpuSeconds = rawCpu;
  result.rawPerSecondCpu = size / rawCpu;
  result.ratio = result.ingestPerSecondCpu / result.rawPerSecondCpu;
  result.analysisAloneRatio = rawCpu / size / (alone.cpu / alone.reports / 1000);
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
