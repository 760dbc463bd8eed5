/**
 * Done means, for several replicas: two real `threatbrief serve` processes on one PostgreSQL
 * database, both pointed at one fake Slack Web API. A subscription is due when they start (its
 * last 08:00 UTC passed while "they were down"), and both try to catch it up: the channel gets
 * one briefing. The same Slack event delivered to both at once is answered once. The processes
 * read their own clocks, as serve does; the outcome does not depend on the date (only a run
 * straddling 08:00 UTC itself would see a second, new period fire while it runs).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { openStore } from '../../src/main.ts';
import { BOT_TOKEN, SIGNING_SECRET, sign } from '../chat/slack/slack-harness.ts';
import { FakeSlackWebApi, textOf } from '../fakes/slack-web-api.ts';
import { cli, tempDb } from '../support/cli.ts';
import { EXAMPLES } from '../support/fixture-dbs.ts';
import {
  createTestSchema,
  POSTGRES_SKIP_REASON,
  queryIn,
  TEST_DATABASE_URL,
  type TestSchema,
} from '../support/postgres.ts';

const BIN = join(import.meta.dirname, '../../bin/threatbrief.js');

interface Replica {
  child: ChildProcess;
  port: number;
  log: string[];
}

/** Starts `threatbrief serve` and resolves with its port once it logs that it is serving. */
function startReplica(env: Record<string, string>): Promise<Replica> {
  // The whole environment passes on (a shifted clock under test:shifted included); a working
  // folder of its own keeps a developer's .env out.
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env },
    cwd: mkdtempSync(join(tmpdir(), 'threatbrief-replica-')),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`serve did not start:\n${log.join('\n')}`)),
      15_000,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { message?: string; port?: number };
        if (entry.message === 'serving') {
          clearTimeout(timer);
          resolve({ child, port: entry.port!, log });
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${log.join('\n')}`));
    });
  });
}

async function stop(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null) return;
  const exited = new Promise((resolve) => replica.child.once('exit', resolve));
  replica.child.kill('SIGTERM');
  await exited;
}

describe.skipIf(!TEST_DATABASE_URL)(
  `two serve processes on one PostgreSQL${TEST_DATABASE_URL ? '' : ` (${POSTGRES_SKIP_REASON})`}`,
  () => {
    let schema: TestSchema;
    let fake: FakeSlackWebApi;
    let store: Store;
    const replicas: Replica[] = [];

    beforeAll(async () => {
      schema = await createTestSchema();
      fake = await FakeSlackWebApi.start();
      const ingest = await cli(tempDb(), { DATABASE_URL: schema.url })('ingest', EXAMPLES);
      expect(ingest.code).toBe(0);
      store = await openStore(parseConfig({ DATABASE_URL: schema.url }));
      await store.saveSubscription({
        id: 'sub-replicas',
        destination: { platform: 'slack', channel: 'C0BRIEF' },
        cron: '0 8 * * *',
        timezone: 'UTC',
        clearance: 'CLEAR',
        filters: { actors: [], sectors: [], minReliability: null },
        postEmpty: true,
        createdBy: 'slack:U0ADMIN',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      const env = {
        DATABASE_URL: schema.url,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.url,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        DIGEST_CATCH_UP: 'true',
        BRIEFINGS_DIR: mkdtempSync(join(tmpdir(), 'threatbrief-briefings-')),
      };
      // Both start at once, so both catch up the missed briefing at the same moment.
      replicas.push(...(await Promise.all([startReplica(env), startReplica(env)])));
    }, 60_000);

    afterAll(async () => {
      for (const r of replicas) await stop(r);
      await store?.close();
      await fake?.close();
      await schema?.drop();
    });

    it('posts the due briefing once between them', async () => {
      const deadline = Date.now() + 10_000;
      let runs = await store.digestRuns('sub-replicas');
      while (!runs.some((r) => r.status !== 'claimed') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        runs = await store.digestRuns('sub-replicas');
      }
      await fake.quietFor(500);
      const briefings = fake.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' && c.params.channel === 'C0BRIEF' && !c.params.thread_ts,
      );
      expect(briefings).toHaveLength(1);
      expect(textOf(briefings[0]!)).toMatch(/Briefing|nothing new/i);
      // One claim per period, made by one of the two processes and finished by it.
      expect(runs.map((r) => r.status)).toEqual(['posted']);
      const outcomes = replicas.flatMap((r) =>
        r.log
          .filter((l) => l.includes('"briefing run"'))
          .map((l) => (JSON.parse(l) as { outcome: string }).outcome),
      );
      // The other found the period claimed (both at once) or already posted (it started later).
      const logs = replicas.map((r) => r.log.join('\n')).join('\n---\n');
      expect(
        outcomes.filter((o) => o === 'posted'),
        logs,
      ).toHaveLength(1);
      expect(
        outcomes.filter((o) => o !== 'posted'),
        logs,
      ).toEqual([expect.stringMatching(/^(claimed-elsewhere|not-due)$/)]);
    });

    it('answers the same Slack event once when it reaches both', async () => {
      const envelope = JSON.stringify({
        token: 'legacy',
        team_id: 'T0TEST',
        api_app_id: 'A0TEST',
        type: 'event_callback',
        event_id: 'Ev0REPLICAS1',
        event_time: 1_700_000_000,
        event: {
          type: 'app_mention',
          channel: 'C0SOC',
          channel_type: 'channel',
          user: 'U0ANALYST',
          text: '<@UBOT> actor TGR-STA-0043',
          ts: '1700000300.000100',
          event_ts: '1700000300.000100',
        },
      });
      const deliver = (r: Replica) =>
        fetch(`http://127.0.0.1:${r.port}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...sign(envelope) },
          body: envelope,
        });
      const statuses = (await Promise.all(replicas.map(deliver))).map((r) => r.status);
      expect(statuses).toEqual([200, 200]);
      await fake.waitFor('chat.postMessage', 2, 10_000);
      await fake.quietFor(1000);
      const replies = fake.calls.filter(
        (c) => c.method === 'chat.postMessage' && c.params.thread_ts === '1700000300.000100',
      );
      expect(replies.length).toBeGreaterThan(0);
      expect(textOf(replies[0]!)).toMatch(/Phantom Taurus/);
      // One answer: no message of it was posted twice, and one answer was recorded.
      const texts = replies.map((c) => textOf(c));
      expect(new Set(texts).size).toBe(texts.length);
      expect(
        await queryIn(schema, "SELECT id FROM answers WHERE destination LIKE 'slack:C0SOC%'"),
      ).toHaveLength(1);
    });
  },
);
