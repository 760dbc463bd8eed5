/**
 * @module Benchmarks: `npm run bench -- [--corpus DIR] [--queries N] [--store sqlite|postgres|both]`.
 * Ingests a corpus into a fresh database of each store asked for (PostgreSQL: a schema of its
 * own on --database-url, TEST_DATABASE_URL or DATABASE_URL, dropped afterwards), then times
 * full-text searches and answers; with both stores, also how alike their search rankings are;
 * then briefings: ranking ties and their reasons over the corpus, the time to build a 1,000-report
 * day, and story merging scored on a synthetic day. Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { AnalysisService } from '../src/core/analysis/analysis-service.ts';
import { ingestDocuments } from '../src/core/ingest/ingest-documents.ts';
import { systemClock } from '../src/core/ports/clock.ts';
import type { Store } from '../src/core/ports/store.ts';
import { searchPassages } from '../src/core/retrieval/search-passages.ts';
import { fileDocuments } from '../src/sources/files/file-documents.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { type AnswerTimings, benchAnswers } from './answers.ts';
import { benchBriefing } from './briefing.ts';
import { benchSyntheticDay, rankingFigures } from './briefing-quality.ts';

const { values } = parseArgs({
  options: {
    corpus: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../shared/corpus/annoctr/reports'),
    },
    queries: { type: 'string', default: '100' },
    store: { type: 'string', default: 'sqlite' },
    'database-url': { type: 'string' },
    briefing: { type: 'boolean', default: true },
  },
});
const corpus = values.corpus!;
if (!existsSync(corpus)) {
  console.error(`bench: no corpus at ${corpus}; pass --corpus DIR (a folder of reports)`);
  process.exit(2);
}
const kinds = values.store === 'both' ? ['sqlite', 'postgres'] : [values.store!];
if (!kinds.every((k) => k === 'sqlite' || k === 'postgres')) {
  console.error('bench: --store is sqlite, postgres or both');
  process.exit(2);
}
const databaseUrl =
  values['database-url'] ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (kinds.includes('postgres') && !databaseUrl) {
  console.error('bench: PostgreSQL needs --database-url (or TEST_DATABASE_URL / DATABASE_URL)');
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

/** Schemas made for this run, dropped at the end. */
const schemas: string[] = [];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty store of `kind`. */
async function freshStore(kind: string): Promise<Store> {
  if (kind === 'sqlite')
    return openSqliteStore({
      path: join(mkdtempSync(join(tmpdir(), 'threatbrief-bench-')), 'bench.sqlite'),
    });
  const schema = `tb_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  const url = new URL(databaseUrl!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return openPostgresStore({ url: url.toString() });
}

interface StoreFigures {
  kind: string;
  ingestSeconds: number;
  search: { p50: number; p95: number };
  answers: AnswerTimings | undefined;
  /** Top passages per query, for comparing rankings across stores. */
  top: Map<string, string[]>;
}

const n = Number(values.queries);
const queries = Array.from({ length: n }, (_, i) => TERMS[i % TERMS.length]!);

async function benchStore(kind: string): Promise<StoreFigures> {
  const store = await freshStore(kind);
  const t0 = performance.now();
  const ingestStarted = new Date().toISOString();
  const docs = await fileDocuments([corpus], { maxBytes: 20 * 1024 * 1024 });
  const analysis = await AnalysisService.load(store);
  const summary = await ingestDocuments({ store, clock: systemClock, analysis }, docs, {
    defaultTlp: 'CLEAR',
  });
  const ingestMs = performance.now() - t0;
  console.log(
    `[${kind}] ingest: ${docs.length} files -> ${summary.ingested} stored, ${summary.duplicates} duplicates, ` +
      `${summary.rejected.length} rejected in ${(ingestMs / 1000).toFixed(2)} s (${(ingestMs / docs.length).toFixed(1)} ms/file)`,
  );
  for (const q of queries.slice(0, 5))
    await searchPassages(store, q, { limit: 10, clearance: 'RED' });
  const times: number[] = [];
  const top = new Map<string, string[]>();
  let hits = 0;
  for (const q of queries) {
    const start = performance.now();
    const result = await searchPassages(store, q, { limit: 10, clearance: 'RED' });
    times.push(performance.now() - start);
    hits += result.items.length ? 1 : 0;
    top.set(
      q,
      result.items.map((i) => `${i.report.id}#${i.passage.seq}`),
    );
  }
  times.sort((a, b) => a - b);
  const search = { p50: percentile(times, 50), p95: percentile(times, 95) };
  console.log(
    `[${kind}] search: ${n} queries, ${hits} with results, p50 ${search.p50.toFixed(2)} ms, ` +
      `p95 ${search.p95.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
  );
  const gold = join(corpus, '..', 'gold.jsonl');
  let answers: AnswerTimings | undefined;
  if (existsSync(gold)) {
    console.log(`[${kind}] answers:`);
    answers = await benchAnswers(store, analysis, gold);
  } else console.log(`answers: skipped (no ${gold} to pick actor names from)`);
  await rankingFigures(store, `${kind}, corpus ingested at once`, {
    from: ingestStarted,
    to: new Date().toISOString(),
  });
  await store.close();
  return { kind, ingestSeconds: ingestMs / 1000, search, answers, top };
}

try {
  const figures: StoreFigures[] = [];
  for (const kind of kinds) figures.push(await benchStore(kind));
  if (figures.length === 2) {
    const [a, b] = figures as [StoreFigures, StoreFigures];
    const ms = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(1)} ms`);
    console.log('\nstores side by side (one run):');
    console.log('| | SQLite | PostgreSQL |\n|---|---|---|');
    console.log(`| ingest | ${a.ingestSeconds.toFixed(1)} s | ${b.ingestSeconds.toFixed(1)} s |`);
    console.log(
      `| search p50 / p95 | ${ms(a.search.p50)} / ${ms(a.search.p95)} | ${ms(b.search.p50)} / ${ms(b.search.p95)} |`,
    );
    console.log(
      `| actor p50 / p95 | ${ms(a.answers?.actor.p50)} / ${ms(a.answers?.actor.p95)} | ${ms(b.answers?.actor.p50)} / ${ms(b.answers?.actor.p95)} |`,
    );
    console.log(
      `| ask p50 / p95 | ${ms(a.answers?.ask.p50)} / ${ms(a.answers?.ask.p95)} | ${ms(b.answers?.ask.p50)} / ${ms(b.answers?.ask.p95)} |`,
    );
    // How alike the rankings are: shared passages among the top 10, and whether the best hit agrees.
    let shared = 0;
    let total = 0;
    let sameFirst = 0;
    let asked = 0;
    for (const [q, left] of a.top) {
      const right = b.top.get(q) ?? [];
      if (left.length === 0 && right.length === 0) continue;
      asked++;
      shared += left.filter((x) => right.includes(x)).length;
      total += Math.max(left.length, right.length);
      if (left[0] === right[0]) sameFirst++;
    }
    console.log(
      `search ranking: ${((100 * shared) / Math.max(1, total)).toFixed(0)}% of top-10 passages shared, same best passage for ${sameFirst} of ${asked} queries`,
    );
  }
  if (values.briefing) {
    for (const kind of kinds) await benchBriefing(corpus, () => freshStore(kind));
    await benchSyntheticDay();
  }
} finally {
  for (const schema of schemas) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
