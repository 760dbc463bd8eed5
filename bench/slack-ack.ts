/**
 * @module Slack ack benchmark: `node bench/slack-ack.ts [--commands 200] [--concurrency 20]
 * [--delay-ms 2000] [--rate N]`. Runs the Slack app on loopback against the fake Web API with an
 * answer engine slowed by `--delay-ms`, sends signed `/threat` commands, and prints the ack
 * latency (the round trip of the signed request over loopback, i.e. what Slack waits for) and how
 * many answers reached chat.postMessage. With
 * `--rate N` commands are paced at N per second, so acks compete with answers being computed.
 * A first wave of `--warmup` commands (default: one per connection) is timed on its own: it
 * pays for the cold start (code compiled on first use, connections opened).
 */
import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnswerEngine } from '../src/core/ports/answer-engine.ts';
import { commandBody, EXAMPLES, SlackHarness, sign } from '../test/chat/slack/slack-harness.ts';
import { tempDb } from '../test/support/cli.ts';

const { values } = parseArgs({
  options: {
    commands: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '20' },
    'delay-ms': { type: 'string', default: '2000' },
    rate: { type: 'string' },
    warmup: { type: 'string' },
  },
});
const total = Number(values.commands);
const concurrency = Number(values.concurrency);
const delayMs = Number(values['delay-ms']);
const rate = values.rate ? Number(values.rate) : undefined;
const warmup = Number(values.warmup ?? concurrency);

const QUESTIONS = [
  'actor Phantom Taurus',
  'actor Volt Typhoon',
  'ask who is behind APT29?',
  'search NET-STAR',
  'actor Lazarus Group',
  'ask what malware does Sandworm use?',
];

/** The engine, answering only after `ms`: a slow model or a loaded database. */
function slowed(engine: AnswerEngine, ms: number): AnswerEngine {
  return {
    name: `${engine.name}+${ms}ms`,
    answer: async (question) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return engine.answer(question);
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// Ingested by a child process, so the garbage of ingesting (parsers, jsdom) is not collected
// in the middle of the timed requests.
const db = tempDb();
execFileSync(
  process.execPath,
  [join(import.meta.dirname, '../bin/threatbrief.js'), 'ingest', EXAMPLES, '--db', db],
  { stdio: 'ignore' },
);
const harness = await SlackHarness.start({
  db,
  env: { LOG_LEVEL: 'warn' },
  engine: (engine) => slowed(engine, delayMs),
  drainTimeoutMs: 120_000,
});

/** One keep-alive connection per worker: the client stays light, so what is timed is the server. */
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

/** A signed slash command over node:http; resolves with the status and the round trip in ms. */
function postCommand(text: string, user: string, channel: string) {
  const body = commandBody(text, { user, channel, responseUrl: harness.fake.responseUrl() });
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': Buffer.byteLength(body),
    ...sign(body),
  };
  const started = performance.now();
  return new Promise<{ status: number; ms: number }>((resolve, reject) => {
    const req = request(harness.eventsUrl, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const statuses = new Map<number, number>();
let sent = 0;

/** Sends `count` commands from `concurrency` workers and returns each ack latency, sorted. */
async function sendCommands(count: number, pacedAt?: number): Promise<number[]> {
  const acks: number[] = [];
  const first = sent;
  const started = performance.now();
  let next = 0;
  async function worker(): Promise<void> {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      if (pacedAt) {
        const wait = started + (i * 1000) / pacedAt - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const n = first + i;
      const response = await postCommand(
        QUESTIONS[n % QUESTIONS.length]!,
        `U0BENCH${n % 7}`,
        `C0BENCH${n % 10}`,
      );
      acks.push(response.ms);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  sent += count;
  return acks.sort((a, b) => a - b);
}

const started = performance.now();
const cold = await sendCommands(warmup);
const acks = await sendCommands(total, rate);
const sentIn = performance.now() - started;

// Every answer is one top-level post (long ones add thread replies) or, on failure, one
// ephemeral message; wait for all of them.
const answers = () =>
  harness.fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === undefined).length;
const failures = () => harness.fake.callsTo('chat.postEphemeral').length;
const deadline = performance.now() + 120_000;
while (answers() + failures() < sent && performance.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 50));
const answeredIn = performance.now() - started;
const posted = answers();
const replies = harness.fake.callsTo('chat.postMessage').length - posted;
const ephemeral = failures();
agent.destroy();
await harness.close();

const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(
  `slack ack: ${total} signed /threat commands, concurrency ${concurrency}${rate ? `, paced ${rate}/s` : ''}, engine delayed ${delayMs} ms`,
);
console.log(
  `  HTTP status: ${[...statuses].map(([status, n]) => `${status} x${n}`).join(', ')} (${sent} sent in ${ms(sentIn)})`,
);
if (cold.length > 0)
  console.log(
    `  cold start (first ${cold.length}, not counted below): p50 ${ms(percentile(cold, 50))}, max ${ms(cold.at(-1)!)}`,
  );
console.log(
  `  ack latency: p50 ${ms(percentile(acks, 50))}, p90 ${ms(percentile(acks, 90))}, p99 ${ms(percentile(acks, 99))}, max ${ms(acks.at(-1)!)}`,
);
console.log(
  `  answers posted: ${posted}/${sent} via chat.postMessage (+${replies} thread replies, ${ephemeral} ephemeral) after ${(answeredIn / 1000).toFixed(1)} s`,
);
