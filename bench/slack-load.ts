/**
 * @module Load benchmark: `npm run bench:load -- [--corpus DIR] [--commands 500] [--concurrency 50]
 * [--workers N]`. Serves Slack as `serve` does (the HTTP server with /healthz, answers composed by
 * the worker pool with the real extractive engine) over a fresh database of the corpus, then sends
 * signed `/threat actor NAME` commands, `--concurrency` at a time, while /healthz is polled. Prints
 * ack and /healthz latency and checks that every command was answered exactly once: each command
 * asks about one (channel, actor) pair, and each pair must get exactly one answer post.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.ts';
import { AnalysisService } from '../src/core/analysis/analysis-service.ts';
import { systemClock } from '../src/core/ports/clock.ts';
import { silentLogger } from '../src/core/ports/logger.ts';
import { buildEngine } from '../src/main.ts';
import { defaultAnswerWorkers } from '../src/serve/answering/worker-pool-engine.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { commandBody, sign } from '../test/chat/slack/slack-harness.ts';
import { FakeSlackWebApi } from '../test/fakes/slack-web-api.ts';
import { tempDb } from '../test/support/cli.ts';

const { values } = parseArgs({
  options: {
    corpus: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../shared/corpus/annoctr/reports'),
    },
    commands: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '50' },
    workers: { type: 'string' },
    channels: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '50' },
  },
});
const corpus = values.corpus!;
if (!existsSync(corpus)) {
  console.error(`bench: no corpus at ${corpus}; pass --corpus DIR (a folder of reports)`);
  process.exit(2);
}
const total = Number(values.commands);
const concurrency = Number(values.concurrency);
const channels = Number(values.channels);
const warmup = Number(values.warmup);

// Ingested by a child process, so its garbage is not collected during the timed requests.
const db = tempDb();
execFileSync(
  process.execPath,
  [join(import.meta.dirname, '../bin/threatbrief.js'), 'ingest', corpus, '--db', db],
  {
    stdio: 'ignore',
  },
);

/** Actors with a profile in this corpus, and the title each profile carries. */
async function actorTitles(count: number): Promise<{ name: string; title: string }[]> {
  const store = openSqliteStore({ path: db });
  const engine = await buildEngine(parseConfig({ THREATBRIEF_DB: db }), {
    store,
    analysis: await AnalysisService.load(store),
    clock: systemClock,
    logger: silentLogger,
  });
  const out: { name: string; title: string }[] = [];
  for (const { canonical } of await store.knownEntities(['actor'], 'RED')) {
    const answer = await engine.answer({
      command: 'actor',
      text: canonical,
      clearance: 'CLEAR',
      thread: null,
    });
    if (answer.kind === 'profile' && !out.some((o) => o.title === answer.title))
      out.push({ name: canonical, title: answer.title });
    if (out.length === count) break;
  }
  await store.close();
  return out;
}
const perChannel = Math.ceil((total + warmup) / channels);
const actors = await actorTitles(perChannel);
if (actors.length * channels < total + warmup) {
  console.error(`bench: the corpus has ${actors.length} actors with a profile; need ${perChannel}`);
  process.exit(2);
}

const fake = await FakeSlackWebApi.start();
const SIGNING_SECRET = 'bench-signing-secret-5f2b9c';
// `threatbrief serve` in its own process, as deployed: this process only sends, polls and counts.
const child = spawn(
  process.execPath,
  [join(import.meta.dirname, '../bin/threatbrief.js'), 'serve', '--db', db],
  {
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: 'xoxb-111-222-benchtoken',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      BRIEFINGS_DIR: `${db}.briefings`,
      ...(values.workers ? { ANSWER_WORKERS: values.workers } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
const port = await new Promise<number>((done, fail) => {
  let seen = '';
  child.stderr.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    const m = / on 127\.0\.0\.1:(\d+);/.exec(seen);
    if (m) done(Number(m[1]));
  });
  child.once('exit', (code) => fail(new Error(`serve exited (${code}): ${seen}`)));
});
const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
const healthUrl = `http://127.0.0.1:${port}/healthz`;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function timed(
  url: string,
  method: 'GET' | 'POST',
  body?: string,
  headers: Record<string, string | number> = {},
) {
  const started = performance.now();
  return new Promise<{ status: number; ms: number }>((done, fail) => {
    const req = request(url, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

function postCommand(text: string, channel: string, user: string) {
  const body = commandBody(text, { channel, user, responseUrl: fake.responseUrl() });
  return timed(eventsUrl, 'POST', body, {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': Buffer.byteLength(body),
    ...sign(body, undefined, SIGNING_SECRET),
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (v: number) => `${v.toFixed(1)} ms`;

// /healthz polled every 25 ms for as long as commands are being sent and answered.
const health: number[] = [];
let polling = true;
const poller = (async () => {
  while (polling) {
    health.push((await timed(healthUrl, 'GET')).ms);
    await new Promise((r) => setTimeout(r, 25));
  }
})();

const statuses = new Map<number, number>();
const expected = new Map<string, number>();
let sent = 0;

/** Sends `count` commands from `concurrency` senders; returns each ack's round trip, sorted. */
async function sendCommands(count: number): Promise<number[]> {
  const acks: number[] = [];
  const first = sent;
  let next = 0;
  async function sender(): Promise<void> {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const n = first + i;
      const channel = `C0LOAD${n % channels}`;
      const actor = actors[Math.floor(n / channels) % actors.length]!;
      const key = `${channel}|${actor.title}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
      const response = await postCommand(`actor ${actor.name}`, channel, `U0LOAD${n % 17}`);
      acks.push(response.ms);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, sender));
  sent += count;
  return acks.sort((a, b) => a - b);
}

const started = performance.now();
// The first wave pays for the cold start (code compiled on first use, connections opened); it is
// answered and checked like the rest, and its acks are reported on their own.
const cold = await sendCommands(warmup);
const acks = await sendCommands(total);
const sentIn = performance.now() - started;

const parents = () =>
  fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === undefined);
const deadline = performance.now() + 180_000;
while (parents().length < total + warmup && performance.now() < deadline)
  await new Promise((r) => setTimeout(r, 50));
// Quiet for a moment: nothing more arrives (a duplicate would).
for (let last = -1; last !== fake.calls.length; ) {
  last = fake.calls.length;
  await new Promise((r) => setTimeout(r, 1000));
}
const answeredIn = performance.now() - started;
polling = false;
await poller;

const answered = new Map<string, number>();
for (const call of parents()) {
  const blocks = JSON.parse(String(call.params.blocks)) as {
    type: string;
    text?: { text: string };
  }[];
  const title = blocks.find((b) => b.type === 'header')?.text?.text ?? '';
  const key = `${call.params.channel}|${title.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')}`;
  answered.set(key, (answered.get(key) ?? 0) + 1);
}
let once = 0;
let missing = 0;
let twice = 0;
for (const [key, n] of expected) {
  const got = answered.get(key) ?? 0;
  if (got === n) once += n;
  else if (got < n) missing += n - got;
  else twice += got - n;
}
const unexpected = [...answered.keys()].filter((k) => !expected.has(k)).length;
const ephemeral = fake.callsTo('chat.postEphemeral').map((c) => String(c.params.text));
const busy = ephemeral.filter((t) => t.startsWith('I am answering many questions')).length;

agent.destroy();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await fake.close();
const workers = values.workers ?? defaultAnswerWorkers();

health.sort((a, b) => a - b);
console.log(
  `slack load: ${total} signed /threat actor commands, concurrency ${concurrency}, ${channels} channels, ${workers} answering workers, real extractive engine on ${corpus}`,
);
console.log(
  `  HTTP status: ${[...statuses].map(([s, n]) => `${s} x${n}`).join(', ')}; ${sent} sent in ${ms(sentIn)}`,
);
console.log(
  `  cold first wave (${cold.length} commands, answered and checked, acks not counted below): p50 ${ms(percentile(cold, 50))}, max ${ms(cold.at(-1)!)}`,
);
console.log(
  `  ack latency: p50 ${ms(percentile(acks, 50))}, p90 ${ms(percentile(acks, 90))}, p99 ${ms(percentile(acks, 99))}, max ${ms(acks.at(-1)!)}; over 3 s: ${acks.filter((a) => a > 3000).length}`,
);
console.log(
  `  /healthz while loaded (${health.length} polls): p50 ${ms(percentile(health, 50))}, p99 ${ms(percentile(health, 99))}, max ${ms(health.at(-1)!)}`,
);
console.log(
  `  answers: ${once} of ${sent} commands answered exactly once, ${missing} missing, ${twice} extra, ${unexpected} unexpected; all posted ${(answeredIn / 1000).toFixed(1)} s after the first command`,
);
console.log(
  `  busy notices: ${busy} (answers deferred and retried); other ephemeral messages: ${ephemeral.length - busy}`,
);
process.exitCode = once === sent && unexpected === 0 ? 0 : 1;
