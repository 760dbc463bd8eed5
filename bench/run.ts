/**
 * @module Benchmarks: `npm run bench -- [--corpus DIR] [--queries N]`.
 * Ingests a corpus into a fresh database, then times full-text searches. Prints figures; asserts nothing.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AnalysisService } from '../src/core/analysis/analysis-service.ts';
import { ingestDocuments } from '../src/core/ingest/ingest-documents.ts';
import { systemClock } from '../src/core/ports/clock.ts';
import { searchPassages } from '../src/core/retrieval/search-passages.ts';
import { fileDocuments } from '../src/sources/files/file-documents.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { benchAnswers } from './answers.ts';
import { benchBriefing } from './briefing.ts';

const { values } = parseArgs({
  options: {
    corpus: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../shared/corpus/annoctr/reports'),
    },
    queries: { type: 'string', default: '100' },
  },
});
const corpus = values.corpus!;
if (!existsSync(corpus)) {
  console.error(`bench: no corpus at ${corpus}; pass --corpus DIR (a folder of reports)`);
  process.exit(2);
}

const TERMS = [
  'Emotet',
  'TrickBot',
  'ransomware',
  'phishing',
  'Lazarus',
  'APT28',
  'Cobalt Strike',
  'credential theft',
  'command and control',
  'PowerShell',
  'exploit',
  'zero-day',
  'botnet',
  'banking trojan',
  'REvil',
  'Ryuk',
  'Qakbot',
  'IcedID',
  'Dridex',
  'ZLoader',
  'Conti',
  'LockBit',
  'North Korea',
  'China',
  'Russia',
  'Iran',
  'government',
  'healthcare',
  'financial sector',
  'cryptocurrency',
  'supply chain',
  'Microsoft Exchange',
  'VPN',
  'CVE-2021-44228',
  'Log4j',
  'macro',
  'loader',
  'infostealer',
  'Agent Tesla',
  'FormBook',
  'DLL sideloading',
  'scheduled task',
  'persistence',
  'exfiltration',
  'Telegram',
  'Discord',
  'Android',
  'malvertising',
  'SEO poisoning',
  'TA505',
  'Kimsuky',
  'APT29',
  'Turla',
  'Gamaredon',
  'Sandworm',
  'wiper',
  'Ukraine',
  'spear-phishing attachment',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const dbPath = join(mkdtempSync(join(tmpdir(), 'threatbrief-bench-')), 'bench.sqlite');
const store = openSqliteStore({ path: dbPath });

const t0 = performance.now();
const docs = await fileDocuments([corpus], { maxBytes: 20 * 1024 * 1024 });
const analysis = await AnalysisService.load(store);
const summary = await ingestDocuments({ store, clock: systemClock, analysis }, docs, {
  defaultTlp: 'CLEAR',
});
const ingestMs = performance.now() - t0;
console.log(
  `ingest: ${docs.length} files -> ${summary.ingested} stored, ${summary.duplicates} duplicates, ` +
    `${summary.rejected.length} rejected in ${(ingestMs / 1000).toFixed(2)} s (${(ingestMs / docs.length).toFixed(1)} ms/file)`,
);

const n = Number(values.queries);
const queries = Array.from({ length: n }, (_, i) => TERMS[i % TERMS.length]!);
for (const q of queries.slice(0, 5))
  await searchPassages(store, q, { limit: 10, clearance: 'RED' });
const times: number[] = [];
let hits = 0;
for (const q of queries) {
  const start = performance.now();
  const result = await searchPassages(store, q, { limit: 10, clearance: 'RED' });
  times.push(performance.now() - start);
  hits += result.items.length ? 1 : 0;
}
times.sort((a, b) => a - b);
console.log(
  `search: ${n} queries, ${hits} with results, p50 ${percentile(times, 50).toFixed(2)} ms, ` +
    `p95 ${percentile(times, 95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
);
const gold = join(corpus, '..', 'gold.jsonl');
if (existsSync(gold)) await benchAnswers(store, analysis, gold);
else console.log(`answers: skipped (no ${gold} to pick actor names from)`);
await store.close();
await benchBriefing(corpus);
