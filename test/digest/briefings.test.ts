/**
 * Briefings with an injected clock: stories across outlets, TLP per destination, the schedule in
 * its own time zone across DST, exactly one post per period across restarts and schedulers.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MarkdownArchive } from '../../src/archive/markdown-archive.ts';
import { renderMarkdown } from '../../src/chat/render/markdown.ts';
import { parseConfig } from '../../src/config.ts';
import { postPendingAlerts } from '../../src/core/digest/alerts.ts';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import { DigestRunner } from '../../src/core/digest/digest-runner.ts';
import type { Subscription } from '../../src/core/model/subscription.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { type App, openApp } from '../../src/main.ts';
import { RecordingDestination } from '../fakes/recording-destination.ts';
import { cli, tempDb } from '../support/cli.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples/reports');
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function appAt(db: string, at: string, env: Record<string, string> = {}) {
  const clock = fixedClock(at);
  const app = await openApp({
    config: parseConfig({ THREATBRIEF_DB: db, ...env }),
    clock,
    logger: silentLogger,
  });
  apps.push(app);
  return { app, clock };
}

function runnerFor(
  app: App,
  destination: RecordingDestination,
  options: { instanceId?: string; catchUp?: boolean; archiveDir?: string } = {},
) {
  return new DigestRunner({
    store: app.store,
    calendar: app.calendar,
    clock: app.clock,
    destinations: new Map([[destination.platform, destination]]),
    archive: new MarkdownArchive(
      options.archiveDir ?? mkdtempSync(join(tmpdir(), 'threatbrief-archive-')),
    ),
    remember: (threadId, posted) => app.router.remember(threadId, posted),
    renderMarkdown,
    logger: silentLogger,
    instanceId: options.instanceId ?? 'test-1',
    catchUp: options.catchUp ?? true,
  });
}

function berlinAt8(app: App, clearance: Subscription['clearance'] = 'CLEAR'): Subscription {
  return {
    id: 'sub-berlin',
    destination: { platform: 'test', channel: 'C-briefing' },
    cron: '0 8 * * *',
    timezone: 'Europe/Berlin',
    clearance,
    filters: { actors: [], sectors: [], minReliability: null },
    postEmpty: true,
    createdBy: 'test:admin',
    createdAt: app.clock.now().toISOString(),
  };
}

function note(dir: string, name: string, text: string, tlp = 'CLEAR') {
  writeFileSync(
    join(dir, name),
    `---\ntitle: "${name}"\npublisher: Test Desk ${name}\ntlp: ${tlp}\nreliability: B\npublished: 2026-03-27\n---\n${text}\n`,
  );
  return join(dir, name);
}

describe('the briefing builder', () => {
  it('tells the Phantom Taurus story once, with both outlets as evidence', async () => {
    const db = tempDb();
    await cli(db, {}, fixedClock('2026-11-20T12:00:00Z'))('ingest', EXAMPLES);
    const { app } = await appAt(db, '2026-11-21T08:00:00Z');
    const digest = await buildDigest(app.store, {
      from: '2026-11-20T08:00:00.000Z',
      to: '2026-11-21T08:00:00.000Z',
      clearance: 'CLEAR',
      now: app.clock.now(),
    });
    const stories = digest.items.filter((i) => i.actors.some((a) => a.name === 'Phantom Taurus'));
    expect(stories).toHaveLength(1);
    const [story] = stories;
    expect(story!.outlets).toBe(2);
    expect(story!.citations).toHaveLength(2);
    expect(story!.publishers.sort()).toEqual(['BriefStream', 'Cyber Desk Weekly']);
    expect(story!.originators).toEqual(['Unit 42']);
    expect(story!.actors[0]).toMatchObject({
      name: 'Phantom Taurus',
      attributedTo: 'China, state-sponsored',
      confidence: 'moderate',
    });
    for (const c of digest.citations) {
      const report = await app.store.getReport(c.reportId);
      for (const q of c.quotes) expect(report!.text).toContain(q);
    }
    expect(digest.stats).toMatchObject({ reports: 11, withheld: 2 });
    expect(digest.items.flatMap((i) => i.reportIds)).toHaveLength(11);
  });

  it('says nothing is new for an empty period', async () => {
    const { app } = await appAt(tempDb(), '2026-11-21T08:00:00Z');
    const digest = await buildDigest(app.store, {
      from: '2026-11-20T08:00:00.000Z',
      to: '2026-11-21T08:00:00.000Z',
      clearance: 'CLEAR',
      now: app.clock.now(),
    });
    expect(digest.items).toEqual([]);
  });
});

describe('scheduled briefings', () => {
  it('fires a 08:00 Europe/Berlin subscription at 07:00 UTC in winter and 06:00 UTC in summer', async () => {
    const { app } = await appAt(tempDb(), '2026-03-27T00:00:00Z');
    const runner = runnerFor(app, new RecordingDestination());
    expect(
      runner
        .nextRuns(berlinAt8(app), new Date('2026-03-27T00:00:00Z'), 4)
        .map((d) => d.toISOString()),
    ).toEqual([
      '2026-03-27T07:00:00.000Z',
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
    ]);
    expect(
      runner
        .nextRuns(berlinAt8(app), new Date('2026-10-24T12:00:00Z'), 2)
        .map((d) => d.toISOString()),
    ).toEqual(['2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']);
  });

  it('posts each period once, at the right instants across the DST change, covering what arrived since the last one', async () => {
    const db = tempDb();
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-notes-'));
    const { app, clock } = await appAt(db, '2026-03-27T07:00:00Z');
    const destination = new RecordingDestination();
    const runner = runnerFor(app, destination);
    const subscription = berlinAt8(app);
    await app.store.saveSubscription(subscription);
    expect(await runner.runDue(subscription)).toBe('posted');
    clock.set('2026-03-28T06:59:00Z');
    expect(await runner.runDue(subscription)).toBe('not-due');
    clock.set('2026-03-28T07:00:00Z');
    expect(await runner.runDue(subscription)).toBe('posted');

    clock.set('2026-03-28T12:00:00Z');
    await cli(
      db,
      {},
      clock,
    )(
      'ingest',
      note(dir, 'a.md', 'Volt Typhoon hit a water utility in Guam, the agency said on Saturday.'),
    );
    clock.set('2026-03-29T05:59:00Z');
    expect(await runner.runDue(subscription)).toBe('not-due');
    clock.set('2026-03-29T06:00:00Z');
    expect(await runner.runDue(subscription)).toBe('posted');
    expect(await runner.runDue(subscription)).toBe('not-due');
    const runs = await app.store.digestRuns(subscription.id);
    expect(runs.map((r) => [r.periodEnd, r.status])).toEqual([
      ['2026-03-27T07:00:00.000Z', 'posted'],
      ['2026-03-28T07:00:00.000Z', 'posted'],
      ['2026-03-29T06:00:00.000Z', 'posted'],
    ]);
    // Each briefing covers what arrived since the one before: 08:00 CET to 08:00 CEST is 23 hours.
    expect(runs[2]!.periodStart).toBe('2026-03-28T07:00:00.000Z');
    const last = destination.posts.at(-1)!;
    expect(last.message.answer.kind).toBe('briefing');
    expect(JSON.stringify(last.message.answer)).toContain('water utility in Guam');
    expect(JSON.stringify(destination.posts[1]!.message.answer)).not.toContain(
      'water utility in Guam',
    );
    expect(runs[2]!.threadId).toBe(last.posted.threadId);
    expect((await app.store.getThread(last.posted.threadId))?.digestItems[0]?.title).toBe('a.md');
  });

  it('after a restart posts a missed period once; without catch-up it skips it', async () => {
    const db = tempDb();
    const { app, clock } = await appAt(db, '2026-06-01T06:00:00Z');
    const destination = new RecordingDestination();
    const subscription = berlinAt8(app);
    await app.store.saveSubscription(subscription);
    expect(await runnerFor(app, destination).runDue(subscription)).toBe('posted');
    // Down from 1 June until 3 June 09:00 UTC: the 2 and 3 June firings were missed.
    clock.set('2026-06-03T09:00:00Z');
    const restarted = runnerFor(app, destination, { instanceId: 'test-2' });
    expect(await restarted.runDue(subscription)).toBe('posted');
    expect(await restarted.runDue(subscription)).toBe('not-due');
    expect(destination.posts).toHaveLength(2);
    const runs = await app.store.digestRuns(subscription.id);
    expect(runs.at(-1)).toMatchObject({
      periodStart: '2026-06-01T06:00:00.000Z',
      periodEnd: '2026-06-03T06:00:00.000Z',
      status: 'posted',
    });

    clock.set('2026-06-05T09:00:00Z');
    const strict = runnerFor(app, destination, { instanceId: 'test-3', catchUp: false });
    expect(await strict.runDue(subscription)).toBe('skipped-missed');
    expect(destination.posts).toHaveLength(2);
  });

  it('two schedulers on one database post one briefing per period', async () => {
    const db = tempDb();
    const first = await appAt(db, '2026-06-01T06:00:00Z');
    const second = await appAt(db, '2026-06-01T06:00:00Z');
    const subscription = berlinAt8(first.app);
    await first.app.store.saveSubscription(subscription);
    const destinationA = new RecordingDestination();
    const destinationB = new RecordingDestination();
    const outcomes = await Promise.all([
      runnerFor(first.app, destinationA, { instanceId: 'replica-a' }).runDue(subscription),
      runnerFor(second.app, destinationB, { instanceId: 'replica-b' }).runDue(subscription),
    ]);
    expect(outcomes.sort()).toEqual(['claimed-elsewhere', 'posted']);
    expect(destinationA.posts.length + destinationB.posts.length).toBe(1);
  });

  it('never lets a TLP:AMBER item reach a CLEAR destination, and says what was left out', async () => {
    const db = tempDb();
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-notes-'));
    const clock = fixedClock('2026-06-01T12:00:00Z');
    await cli(
      db,
      {},
      clock,
    )(
      'ingest',
      note(
        dir,
        'amber.md',
        'Volt Typhoon used our client router 198.51.100.23 as a relay, the SOC found.',
        'AMBER',
      ),
    );
    await cli(
      db,
      {},
      clock,
    )(
      'ingest',
      note(
        dir,
        'clear.md',
        'Volt Typhoon targets water utilities across the United States, the advisory said.',
      ),
    );
    const { app } = await appAt(db, '2026-06-02T06:00:00Z');
    const destination = new RecordingDestination();
    const archiveDir = mkdtempSync(join(tmpdir(), 'threatbrief-archive-'));
    const subscription = berlinAt8(app, 'CLEAR');
    await app.store.saveSubscription(subscription);
    expect(await runnerFor(app, destination, { archiveDir }).runDue(subscription)).toBe('posted');
    const answer = destination.posts[0]!.message.answer;
    expect(answer.citations.map((c) => c.tlp)).toEqual(['CLEAR']);
    expect(answer.withheld).toBe(1);
    expect(JSON.stringify(answer)).not.toMatch(/198\.51\.100|client router|amber\.md/);
    const [file] = readdirSync(archiveDir);
    expect(file).toBe('2026-06-02-test-C-briefing.md');
    const markdown = readFileSync(join(archiveDir, file!), 'utf8');
    expect(markdown).toContain('water utilities');
    expect(markdown).not.toContain('client router');
  });

  it('posts once per period: a failed post is recorded as failed, never re-posted whole from here', async () => {
    const { app, clock } = await appAt(tempDb(), '2026-06-01T06:00:00Z');
    const destination = new RecordingDestination();
    const subscription = berlinAt8(app);
    await app.store.saveSubscription(subscription);
    expect(await runnerFor(app, destination).runDue(subscription)).toBe('posted');
    expect((await app.store.digestRuns(subscription.id))[0]).toMatchObject({
      status: 'posted',
      attempts: 1,
    });
    clock.set('2026-06-02T06:00:00Z');
    // The destination retries each part itself; what it gives up on is a failure of the period.
    destination.failures = [new Error('down'), new Error('down')];
    expect(await runnerFor(app, destination).runDue(subscription)).toBe('failed');
    expect(destination.failures).toHaveLength(1);
    expect((await app.store.digestRuns(subscription.id))[1]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'down',
    });
    expect(destination.posts).toHaveLength(1);
  });
});

describe('watch alerts', () => {
  it('queues an alert when a new report names a watched actor, posts it once, and respects clearance', async () => {
    const db = tempDb();
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-notes-'));
    const { app, clock } = await appAt(db, '2026-06-01T06:00:00Z', { ADMIN_USERS: 'test:admin' });
    const destination = await app.router.resolveDestination({
      platform: 'test',
      channel: 'C-alerts',
    });
    const watched = await app.router.route({
      text: 'watch Bronze Silhouette',
      destination,
      user: 'test:admin',
    });
    expect(watched.answer.title).toBe('Watching Volt Typhoon');
    await cli(
      db,
      {},
      clock,
    )(
      'ingest',
      note(
        dir,
        'vt.md',
        'Volt Typhoon was seen scanning port 443 on energy firms, researchers said.',
      ),
    );
    await cli(
      db,
      {},
      clock,
    )(
      'ingest',
      note(
        dir,
        'vt-amber.md',
        'Volt Typhoon touched our own network segment 10.9.8.7 last night.',
        'AMBER',
      ),
    );
    const posting = new RecordingDestination();
    const deps = {
      store: app.store,
      analysis: app.analysis,
      clock,
      destinations: new Map([[posting.platform, posting]]),
      clearanceOf: async (d: { platform: string; channel: string }) =>
        (await app.router.resolveDestination(d)).clearance,
      remember: (
        threadId: string,
        posted: { answer: import('../../src/core/model/answer.ts').Answer },
      ) => app.router.remember(threadId, posted),
      logger: silentLogger,
    };
    expect(await postPendingAlerts(deps)).toBe(1);
    expect(await postPendingAlerts(deps)).toBe(0);
    expect(posting.posts).toHaveLength(1);
    const alert = posting.posts[0]!.message.answer;
    expect(alert).toMatchObject({ kind: 'alert', subjects: ['Volt Typhoon'] });
    expect(alert.sections[0]!.claims[0]!.text).toContain('scanning port 443');
    expect(JSON.stringify(alert)).not.toContain('10.9.8.7');
  });
});
