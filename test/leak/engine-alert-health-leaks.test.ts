/**
 * The leak suite's remaining paths: the OpenAI-compatible engine against the loopback fake (what
 * it sends to the model and what comes back), watch alerts for reports that name a watched actor,
 * and /healthz served as `serve` serves it. Below a report's label none of them carries its words,
 * names, titles or a count that includes it.
 */

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsPlatform } from '../../src/chat/teams/teams-platform.ts';
import { parseConfig } from '../../src/config.ts';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { postPendingAlerts } from '../../src/core/digest/alerts.ts';
import { ingestDocuments } from '../../src/core/ingest/ingest-documents.ts';
import type { Answer } from '../../src/core/model/answer.ts';
import type { Tlp } from '../../src/core/model/tlp.ts';
import { tlpRank } from '../../src/core/model/tlp.ts';
import type { ChatDestination } from '../../src/core/ports/chat-destination.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { openApp } from '../../src/main.ts';
import { startServing } from '../../src/serve/serve.ts';
import { fileDocuments } from '../../src/sources/files/file-documents.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FakeOpenAI, faithful } from '../fakes/openai-server.ts';
import { copyDb, ingestedDb } from '../support/fixture-dbs.ts';
import { modelEngines } from '../support/openai-engine.ts';
import {
  above,
  BASE,
  baselineDb,
  CASES_PER_PATH,
  CLEARANCES,
  FIXTURES,
  fullDb,
  type LeakFixture,
  LeakTally,
} from './leak-fixtures.ts';

const NOW = '2026-11-20T13:00:00Z';
const tally = new LeakTally();

describe('the OpenAI-compatible engine below each restricted report', () => {
  let fake: FakeOpenAI;
  let store: Store;
  let analysis: AnalysisService;
  beforeAll(async () => {
    fake = await FakeOpenAI.start();
    fake.otherwise(faithful);
    store = openSqliteStore({ path: await fullDb() });
    analysis = await AnalysisService.load(store);
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    await store.close();
  });

  const QUESTIONS: [string, (f: LeakFixture) => { command: 'ask' | 'actor'; text: string }][] = [
    [
      'openai ask who is behind NAME',
      (f) => ({ command: 'ask', text: `who is behind ${f.name}?` }),
    ],
    ['openai ask MARKER', (f) => ({ command: 'ask', text: `what is ${f.marker}?` })],
    ['openai actor ALIAS', (f) => ({ command: 'actor', text: f.alias ?? f.name })],
  ];

  it('sends nothing restricted to the model and answers nothing restricted', async () => {
    // The model may read everything (LLM_MAX_TLP RED): only the destination's clearance limits it.
    const { served } = modelEngines({
      fake,
      store,
      analysis,
      clock: fixedClock(NOW),
      maxTlp: 'RED',
    });
    for (const clearance of CLEARANCES) {
      for (const f of above(clearance)) {
        for (const [path, question] of QUESTIONS) {
          const { command, text } = question(f);
          const before = fake.requests.length;
          const answer = await served.answer({ command, text, clearance, thread: null });
          const sent = fake.requests
            .slice(before)
            .map((r) => JSON.stringify(r.body))
            .join('\n');
          tally.check(path, clearance, [f], `${JSON.stringify(answer)}\n${sent}`, text);
        }
      }
    }
  });

  it('is not vacuous: at TLP:RED the model is given the restricted passages', async () => {
    const { served } = modelEngines({
      fake,
      store,
      analysis,
      clock: fixedClock(NOW),
      maxTlp: 'RED',
    });
    const before = fake.requests.length;
    await served.answer({
      command: 'ask',
      text: 'who is behind Brackish Osprey?',
      clearance: 'RED',
      thread: null,
    });
    const sent = fake.requests
      .slice(before)
      .map((r) => JSON.stringify(r.body))
      .join('\n');
    expect(sent).toContain('ZORBLEFLUX');
  });
});

describe('watch alerts below each restricted report', () => {
  it('a watched actor named in a restricted report alerts no destination below it', async () => {
    // Watches on every restricted name and on public actors the fixtures also name, in a channel
    // at each clearance, set before the restricted reports arrive.
    const store = openSqliteStore({ path: copyDb(await ingestedDb(BASE)) });
    const channelAt = (clearance: Tlp) => `C${tlpRank(clearance)}`;
    const watched = [...FIXTURES.map((f) => f.name), 'APT29', 'Velvet Kestrel', 'Crimson Reedling'];
    for (const clearance of [...CLEARANCES, 'RED' as const])
      for (const actor of watched)
        await store.addWatch({
          destination: { platform: 'test', channel: channelAt(clearance) },
          actor,
          createdBy: 'test',
          createdAt: NOW,
        });
    const analysis = await AnalysisService.load(store);
    const clock = fixedClock(NOW);
    const restricted = join(import.meta.dirname, 'fixtures', 'restricted');
    const documents = await fileDocuments([restricted], { maxBytes: 1_000_000 });
    await ingestDocuments({ store, clock, analysis }, documents, { defaultTlp: 'CLEAR' });
    const posted: { channel: string; answer: Answer }[] = [];
    const destination: ChatDestination = {
      platform: 'test',
      async post(channel, message) {
        posted.push({ channel, answer: message.answer });
        return { threadId: `test:${channel}:${posted.length}`, messageIds: [] };
      },
    };
    const clearanceOf = async (d: { channel: string }) =>
      [...CLEARANCES, 'RED' as const].find((c) => channelAt(c) === d.channel) ?? 'CLEAR';
    await postPendingAlerts(
      {
        store,
        analysis,
        clock,
        destinations: new Map([['test', destination]]),
        clearanceOf,
        remember: async () => {},
        logger: silentLogger,
      },
      1000,
    );
    for (const clearance of CLEARANCES) {
      const here = posted.filter((p) => p.channel === channelAt(clearance));
      tally.check('watch alert', clearance, above(clearance), JSON.stringify(here));
      for (const p of here)
        for (const c of p.answer.citations)
          expect(tlpRank(c.tlp)).toBeLessThanOrEqual(tlpRank(clearance));
    }
    // Not vacuous: the channel cleared for RED got the alerts the others did not.
    const red = JSON.stringify(posted.filter((p) => p.channel === channelAt('RED')));
    expect(red).toContain('Sable Wyvern');
    await store.close();
  });
});

describe('/healthz', () => {
  it('says the same with or without restricted reports stored', async () => {
    const health = async (db: string) => {
      const app = await openApp({
        config: parseConfig({
          THREATBRIEF_DB: db,
          TEAMS_DEV_MODE: '1',
          HOST: '127.0.0.1',
          PORT: '0',
        }),
        clock: fixedClock(NOW),
        logger: silentLogger,
      });
      const serving = await startServing(app, [createTeamsPlatform(app)]);
      try {
        return await (await fetch(`http://127.0.0.1:${serving.port}/healthz`)).text();
      } finally {
        await serving.close();
        await app.close();
      }
    };
    const full = await health(copyDb(await fullDb()));
    expect(full).toBe(await health(copyDb(await baselineDb('CLEAR'))));
    for (const clearance of CLEARANCES) tally.check('/healthz', clearance, above(clearance), full);
  });
});

describe('case count', () => {
  it(`walked 5 paths x ${CASES_PER_PATH} cases`, () => {
    expect(tally.cases.size).toBe(5 * CASES_PER_PATH);
  });
});
