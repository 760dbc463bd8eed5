/**
 * @module Teams reply latency: `node bench/teams-reply.ts [--count N]`. The bot on loopback (dev mode)
 * over the examples corpus, a fake Bot Framework connector, and N channel messages (`actor X` and
 * `ask ...`, alternating) POSTed one after another to /api/messages. Latency is the time from the POST
 * to the first reply activity arriving at the connector. Prints figures; asserts nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTeamsPlatform } from '../src/chat/teams/teams-platform.ts';
import { parseConfig } from '../src/config.ts';
import { ingestDocuments } from '../src/core/ingest/ingest-documents.ts';
import { silentLogger } from '../src/core/ports/logger.ts';
import { openApp } from '../src/main.ts';
import { startHttpServer } from '../src/serve/http-server.ts';
import { fileDocuments } from '../src/sources/files/file-documents.ts';
import { FakeTeamsConnector } from '../test/fakes/teams-connector.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100' } } });
const COUNT = Number(values.count);
const WARM_UP = 5;
const EXAMPLES = resolve(import.meta.dirname, '../examples/reports');

const ACTORS = [
  'Phantom Taurus',
  'Volt Typhoon',
  'APT29',
  'Lazarus Group',
  'Sandworm',
  'Scattered Spider',
  'LockBit',
  'Flax Typhoon',
];
const QUESTIONS = [
  'who is behind Phantom Taurus?',
  'what malware does Volt Typhoon use?',
  'who targets embassies?',
  'when was Sandworm active?',
  'compare APT29 with Lazarus Group',
  'what did Phantom Taurus search for on the Exchange servers?',
  'how does Scattered Spider operate?',
  'latest on LockBit',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const summary = (label: string, ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((s, v) => s + v, 0) / ms.length;
  return `${label.padEnd(8)} n=${String(ms.length).padStart(3)}  p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  max ${sorted.at(-1)!.toFixed(1)} ms  mean ${mean.toFixed(1)} ms`;
};

const db = join(mkdtempSync(join(tmpdir(), 'threatbrief-bench-teams-')), 'bench.sqlite');
const config = parseConfig({ THREATBRIEF_DB: db, TEAMS_DEV_MODE: '1', HOST: '127.0.0.1' });
const app = await openApp({ config, logger: silentLogger });
const documents = await fileDocuments([EXAMPLES], { maxBytes: config.INGEST_MAX_BYTES });
const ingested = await ingestDocuments(
  { store: app.store, clock: app.clock, analysis: app.analysis },
  documents,
  { defaultTlp: 'CLEAR' },
);

const connector = await FakeTeamsConnector.start();
const platform = createTeamsPlatform(app);
const server = await startHttpServer({
  port: 0,
  host: '127.0.0.1',
  routes: platform.routes,
  health: () => ({ ok: true }),
});
const url = `http://127.0.0.1:${server.port}/api/messages`;

const arrived = new Map<string, number>();
connector.onMessage = (call) => {
  if (call.replyToId && !arrived.has(call.replyToId)) arrived.set(call.replyToId, call.at);
};

function activity(id: string, text: string) {
  const channel = '19:bench@thread.tacv2';
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    text: `<at>ThreatBrief</at> ${text}`,
    from: { id: '29:bench-user', aadObjectId: '00000000-0000-4000-8000-00000000b001' },
    recipient: { id: '28:threatbrief-bot', name: 'ThreatBrief' },
    conversation: { id: `${channel};messageid=${id}`, conversationType: 'channel', isGroup: true },
    channelData: { channel: { id: channel }, team: { id: channel } },
    entities: [
      {
        type: 'mention',
        text: '<at>ThreatBrief</at>',
        mentioned: { id: '28:threatbrief-bot', name: 'ThreatBrief' },
      },
    ],
  };
}

const timings = { actor: [] as number[], ask: [] as number[] };
let parts = 0;
let cited = 0;
for (let i = 0; i < WARM_UP + COUNT; i++) {
  const kind = i % 2 === 0 ? 'actor' : 'ask';
  const text =
    kind === 'actor'
      ? `actor ${ACTORS[i % ACTORS.length]}`
      : `ask ${QUESTIONS[i % QUESTIONS.length]}`;
  const id = String(1_000 + i);
  const before = connector.messages.length;
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity(id, text)),
  });
  await res.arrayBuffer();
  const at = arrived.get(id);
  if (res.status !== 200 || at === undefined)
    throw new Error(`no reply to "${text}" (status ${res.status})`);
  if (i < WARM_UP) continue;
  timings[kind].push(at - started);
  const replies = connector.messages.slice(before);
  parts += replies.length;
  if (replies.some((r) => r.body.entities?.[0]?.citation?.length)) cited++;
}

console.log(
  `Teams reply latency on loopback: ${ingested.ingested} example reports, ${COUNT} messages after ${WARM_UP} warm-up, ${(parts / COUNT).toFixed(2)} activities per reply, ${cited} replies with citations`,
);
console.log(summary('all', [...timings.actor, ...timings.ask]));
console.log(summary('actor', timings.actor));
console.log(summary('ask', timings.ask));

await server.close();
await connector.close();
await app.close();
