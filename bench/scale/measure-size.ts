/**
 * @module One size of the scale benchmark, run in a process of its own so its peak RSS is its own:
 * ingests N synthetic reports; times answers, searches and unknown names in a fresh process over
 * the built database (measure-answers.ts, so answering's peak RSS is not ingest's); a cold CLI and
 * `serve`; then briefings over a day of 1,000 and of 10,000 reports, then the same texts in a bare
 * node:sqlite FTS5 table. Prints one JSON object on stdout; progress on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import {
  actorByRank,
  BRIEFING_DAY,
  HISTORY_DAYS,
  HISTORY_START,
  loadSources,
  type SyntheticReport,
  syntheticReports,
} from './corpus.ts';
import { ACTOR_RANKS, SEARCH_TERMS } from './figures.ts';
import type { AnswerFigures } from './measure-answers.ts';
import { analysisAlone, ingestSynthetic, rawFtsInsert } from './phases.ts';
import { measure, peakRssMb, timed } from './timing.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string' },
    seed: { type: 'string', default: '17' },
    corpus: { type: 'string' },
    dir: { type: 'string' },
    'briefing-days': { type: 'string', default: '1000,10000' },
  },
});
const size = Number(values.size);
const seed = Number(values.seed);
const dir = values.dir!;
mkdirSync(dir, { recursive: true });
const log = (line: string) => process.stderr.write(`[${size}] ${line}\n`);
const ROOT = resolve(import.meta.dirname, '../..');

const sources = loadSources(values.corpus!);
const history = () =>
  syntheticReports(sources, { seed, count: size, from: HISTORY_START, days: HISTORY_DAYS });

const ingest = (
  store: Store,
  analysis: AnalysisService,
  reports: Iterable<SyntheticReport>,
  label: string,
) => ingestSynthetic(store, analysis, reports, (line) => log(`${label}: ${line}`));

/** A free loopback port. */
async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** CPU and wall seconds and peak RSS of `threatbrief ARGS` in a fresh process (GNU time). */
function coldCli(args: string[], dbPath: string): { cpu: number; wall: number; rssMb: number } {
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S %e %M', process.execPath, 'bin/threatbrief.js', ...args],
    { cwd: ROOT, env: { ...cleanEnv(), THREATBRIEF_DB: dbPath }, encoding: 'utf8' },
  );
  const [user, sys, real, kb] = run.stderr.trim().split(/\s+/).slice(-4).map(Number);
  return {
    cpu: (user ?? 0) + (sys ?? 0),
    wall: real ?? 0,
    rssMb: Math.round((kb ?? 0) / 1024),
  };
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.OPENAI_API_KEY;
  return env;
}

/** Seconds from spawning `threatbrief serve` until /healthz answers 200 (null if not within 20 s). */
async function serveHealthz(dbPath: string): Promise<number | null> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/threatbrief.js', 'serve'], {
    cwd: ROOT,
    env: {
      ...cleanEnv(),
      THREATBRIEF_DB: dbPath,
      TEAMS_DEV_MODE: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      BRIEFINGS_DIR: join(dir, 'briefings'),
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
  try {
    while (performance.now() - started < 20_000) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return (performance.now() - started) / 1000;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    return null;
  } finally {
    child.kill('SIGTERM');
  }
}

const dbPath = join(dir, `threatbrief-${size}.sqlite`);
const store = openSqliteStore({ path: dbPath });
const analysis = await AnalysisService.load(store);

// 1. Ingest with analysis.
const ingestRun = await ingest(store, analysis, history(), 'ingest');
const rssAfterIngest = peakRssMb();
// The analysis of the same reports without storing them: the part of ingest's CPU the store
// cannot remove.
const alone = analysisAlone(analysis, history());
log(`analysis alone: ${(alone.cpu / alone.reports).toFixed(2)} ms CPU per report`);

// 2. Answers, as the chat router composes them, in a fresh process over this database.
const answering = spawnSync(
  process.execPath,
  [join(import.meta.dirname, 'measure-answers.ts'), '--db', dbPath],
  { env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
if (answering.status !== 0) throw new Error(`measure-answers: exit ${answering.status}`);
const answers = JSON.parse(answering.stdout) as AnswerFigures;
const actorNames = ACTOR_RANKS.map(actorByRank);
const top = actorNames[0]!;
log(
  `answers: actor p95 ${answers.actor.cpu.p95.toFixed(0)} ms CPU; ask p95 ${answers.ask.cpu.p95.toFixed(0)} ms; peak RSS ${answers.peakRssMb} MB`,
);

// 3. A cold CLI and `serve` against this database.
const cold = [0, 1, 2].map(() => coldCli(['actor', top, '--json'], dbPath));
cold.sort((a, b) => a.cpu - b.cpu);
const healthz = await serveHealthz(dbPath);
log(`cold actor ${cold[1]!.cpu.toFixed(2)} s CPU; healthz ${healthz?.toFixed(2)} s`);

// 4. Briefings over one day of 1,000, then 10,000, reports on top of the history.
const briefings: Record<string, { cpu: number; wall: number; items: number; bytes: number }> = {};
const day = [
  ...syntheticReports(sources, {
    seed,
    count: Math.max(...values['briefing-days']!.split(',').map(Number)),
    from: BRIEFING_DAY,
    days: 1,
    stream: 1,
  }),
].map((r, i) => ({ ...r, arrives: BRIEFING_DAY + i * 8_000 }));
let taken = 0;
for (const count of values['briefing-days']!.split(',').map(Number)) {
  await ingest(store, analysis, day.slice(taken, count), `day of ${count}`);
  taken = count;
  const runs: { cpu: number; wall: number; items: number; bytes: number }[] = [];
  for (let i = 0; i < 2; i++) {
    const t = await timed(() =>
      buildDigest(store, {
        from: new Date(BRIEFING_DAY).toISOString(),
        to: new Date(BRIEFING_DAY + 86_400_000).toISOString(),
        clearance: 'CLEAR',
        now: new Date(BRIEFING_DAY + 86_400_000),
      }),
    );
    runs.push({
      cpu: t.cpu,
      wall: t.wall,
      items: t.value.items.length,
      bytes: JSON.stringify(t.value).length,
    });
  }
  briefings[String(count)] = runs.sort((a, b) => a.cpu - b.cpu)[0]!;
  log(`briefing of ${count}: ${(briefings[String(count)]!.cpu / 1000).toFixed(2)} s CPU`);
}
await store.close();
const dbBytes = ['', '-wal'].reduce(
  (sum, ext) => sum + (existsSync(dbPath + ext) ? statSync(dbPath + ext).size : 0),
  0,
);

// 5. The same texts in a bare FTS5 table: the floor to compare against.
const rawPath = join(dir, `raw-${size}.sqlite`);
const { raw, ...rawInsert } = await rawFtsInsert(rawPath, history());
const match = raw.prepare(
  "SELECT rowid, snippet(docs, 1, '[', ']', '…', 12) AS s FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10",
);
const quoted = (term: string) => `"${term.replace(/"/g, '""')}"`;
const rawSearch = await measure(SEARCH_TERMS, async (term) => match.all(quoted(term)));
const rawActor = await measure(actorNames, async (name) => match.all(quoted(name)));
raw.close();
log(`raw FTS5 insert ${(rawInsert.cpu / 1000).toFixed(1)} s CPU`);

process.stdout.write(
  `${JSON.stringify({
    size,
    seed,
    ingest: {
      reports: ingestRun.ingested,
      cpuSeconds: ingestRun.cpu / 1000,
      wallSeconds: ingestRun.wall / 1000,
      perSecondCpu: ingestRun.ingested / (ingestRun.cpu / 1000),
    },
    analysisAlone: {
      reports: alone.reports,
      cpuSeconds: alone.cpu / 1000,
      perSecondCpu: alone.reports / (alone.cpu / 1000),
    },
    actor: answers.actor,
    ask: answers.ask,
    unknown: answers.unknown,
    search: answers.search,
    profileBytes: answers.profileBytes,
    briefings,
    dbMegabytes: dbBytes / 1e6,
    peakRssMb: { ingest: rssAfterIngest, total: peakRssMb(), answering: answers.peakRssMb },
    coldActor: cold[1],
    healthzSeconds: healthz,
    raw: {
      insertCpuSeconds: rawInsert.cpu / 1000,
      insertWallSeconds: rawInsert.wall / 1000,
      perSecondCpu: size / (rawInsert.cpu / 1000),
      search: rawSearch,
      actor: rawActor,
    },
  })}\n`,
);
