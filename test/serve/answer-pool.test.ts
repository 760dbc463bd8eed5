/**
 * Answer work off the request path: the worker pool answers as the app's engine does, replaces a
 * worker stuck past its deadline, and while a worker is busy (held still here, as a CPU-bound answer
 * holds it) Slack is still acked and /healthz still answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { buildEngine } from '../../src/main.ts';
import { WorkerPoolEngine } from '../../src/serve/answering/worker-pool-engine.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { SlackHarness } from '../chat/slack/slack-harness.ts';
import { examplesDb } from '../support/fixture-dbs.ts';

const HELD_WORKER = new URL('../fakes/held-answer-worker.ts', import.meta.url);
const question = {
  command: 'actor' as const,
  text: 'Phantom Taurus',
  clearance: 'CLEAR' as const,
  thread: null,
};

let pool: WorkerPoolEngine | undefined;
let harness: SlackHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await pool?.close();
  harness = undefined;
  pool = undefined;
});

function gate() {
  const buffer = new SharedArrayBuffer(4);
  return {
    buffer,
    release: () => {
      Atomics.store(new Int32Array(buffer), 0, 1);
      Atomics.notify(new Int32Array(buffer), 0);
    },
  };
}

describe('answering worker pool', () => {
  it('answers exactly as the in-process engine does', async () => {
    const db = await examplesDb();
    const clock = fixedClock('2026-11-21T08:00:00Z');
    pool = new WorkerPoolEngine({
      config: parseConfig({ THREATBRIEF_DB: db }),
      size: 1,
      logger: silentLogger,
      clock,
    });
    const store = openSqliteStore({ path: db });
    try {
      const analysis = await AnalysisService.load(store);
      const engine = await buildEngine(parseConfig({ THREATBRIEF_DB: db }), {
        store,
        analysis,
        clock,
        logger: silentLogger,
      });
      const inProcess = await engine.answer(question);
      expect(await pool.answer(question)).toEqual(inProcess);
    } finally {
      await store.close();
    }
  });

  it('replaces a worker stuck past the deadline; the next answer comes from the new one', async () => {
    const held = gate();
    pool = new WorkerPoolEngine({
      config: parseConfig({ THREATBRIEF_DB: await examplesDb() }),
      size: 1,
      deadlineMs: 300,
      logger: silentLogger,
      workerUrl: HELD_WORKER,
      workerData: { gate: held.buffer },
    });
    await pool.ready();
    await expect(pool.answer(question)).rejects.toMatchObject({
      code: 'engine',
      message: 'composing the answer took longer than 0.3 s',
    });
    held.release();
    expect((await pool.answer(question)).title).toBe('Held answer: Phantom Taurus');
  });

  it('acks a slash command and answers /healthz while the answering worker is busy', async () => {
    const held = gate();
    pool = new WorkerPoolEngine({
      config: parseConfig({ THREATBRIEF_DB: await examplesDb() }),
      size: 1,
      logger: silentLogger,
      workerUrl: HELD_WORKER,
      workerData: { gate: held.buffer },
    });
    await pool.ready();
    const engine = pool;
    harness = await SlackHarness.start({ engine: () => engine });
    expect((await harness.command('actor Phantom Taurus')).status).toBe(200);
    // The first answer now holds the only worker; the server is still free for everything else.
    expect((await harness.command('actor Volt Typhoon', { channel: 'C0OTHER' })).status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${harness.server.port}/healthz`);
    expect(health.status).toBe(200);
    expect(harness.fake.callsTo('chat.postMessage')).toEqual([]);

    held.release();
    const posts = await harness.fake.waitFor('chat.postMessage', 2);
    const titles = posts.map((p) => JSON.parse(String(p.params.blocks))[0].text.text).sort();
    expect(titles).toEqual(['Held answer: Phantom Taurus', 'Held answer: Volt Typhoon']);
    await harness.platform.answers.idle();
    expect(harness.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });
});
