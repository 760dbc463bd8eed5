/**
 * @module Briefing quality figures: over a stored period, how many stories, how many adjacent
 * items tie on score and whether every tie says what ordered it, whether the pages together
 * show every story once; over the synthetic day, how well stories match the generator's truth
 * (pairs of reports put together, precision and recall). Prints figures; asserts nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisService } from '../src/core/analysis/analysis-service.ts';
import { buildDigest, type DigestSourceStore } from '../src/core/digest/build-digest.ts';
import { unexplainedTies } from '../src/core/digest/explain.ts';
import { ingestDocuments } from '../src/core/ingest/ingest-documents.ts';
import { MAX_ITEM_LIMIT } from '../src/core/model/briefing-profile.ts';
import { fixedClock } from '../src/core/ports/clock.ts';
import { fileDocuments } from '../src/sources/files/file-documents.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { syntheticDay } from './synthetic-day.ts';

export async function rankingFigures(
  store: DigestSourceStore,
  label: string,
  period: { from: string; to: string },
): Promise<Map<string, string>> {
  const now = new Date(period.to);
  let offset = 0;
  let ties = 0;
  let unexplained = 0;
  let firstPageMs = 0;
  const storyOf = new Map<string, string>();
  const shown: number[] = [];
  let stories = 0;
  for (;;) {
    const started = performance.now();
    const digest = await buildDigest(store, {
      ...period,
      clearance: 'RED',
      now,
      limit: MAX_ITEM_LIMIT,
      offset,
    });
    if (offset === 0) firstPageMs = performance.now() - started;
    stories = digest.stats.stories;
    ties += digest.items.filter((it, i) => digest.items[i + 1]?.score === it.score).length;
    unexplained += unexplainedTies(digest);
    for (const item of digest.items) {
      shown.push(item.n);
      for (const id of item.reportIds) storyOf.set(id, item.clusterId);
    }
    if (digest.more.count === 0 || digest.items.length === 0) break;
    offset += MAX_ITEM_LIMIT;
  }
  console.log(
    `briefing quality (${label}): ${storyOf.size} reports -> ${stories} stories; pages show ${new Set(shown).size} of them once each; ` +
      `${ties} adjacent equal scores, ${unexplained} without a stated reason; first page built in ${(firstPageMs / 1000).toFixed(2)} s`,
  );
  return storyOf;
}

function pairScores(truth: Map<string, string>, found: Map<string, string>) {
  const ids = [...found.keys()];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const same = truth.get(ids[i]!) === truth.get(ids[j]!);
      const joined = found.get(ids[i]!) === found.get(ids[j]!);
      if (same && joined) tp++;
      else if (joined) fp++;
      else if (same) fn++;
    }
  return { tp, fp, fn };
}

/** A synthetic day ingested at once, scored against its truth. */
export async function benchSyntheticDay(options: { campaigns?: number } = {}): Promise<void> {
  const campaigns = options.campaigns ?? 200;
  const reports = syntheticDay({ seed: 16, campaigns, series: 30, singles: 620 });
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-synthetic-'));
  for (const r of reports) writeFileSync(join(dir, r.name), r.markdown);
  const store = openSqliteStore({ path: join(dir, 'day.sqlite') });
  const analysis = await AnalysisService.load(store);
  const clock = fixedClock('2026-06-01T06:00:00Z');
  const started = performance.now();
  // Reports arrive through the day, one a minute, as a feed would bring them.
  const documents = (await fileDocuments([dir], { maxBytes: 1024 * 1024 })).map((d) => ({
    ...d,
    read: () => {
      clock.advance(60_000);
      return d.read();
    },
  }));
  const summary = await ingestDocuments({ store, clock, analysis }, documents, {
    defaultTlp: 'CLEAR',
  });
  const ingestSeconds = (performance.now() - started) / 1000;
  const truth = new Map<string, string>();
  const byName = new Map(reports.map((r) => [r.name, r.story]));
  for (const summaryRow of await store.listReports())
    truth.set(summaryRow.id, byName.get(summaryRow.origin?.split('/').at(-1) ?? '') ?? '?');
  console.log(
    `synthetic day: ${reports.length} reports written (${new Set(reports.map((r) => r.story)).size} true stories), ${summary.ingested} stored in ${ingestSeconds.toFixed(1)} s`,
  );
  const found = await rankingFigures(store, 'synthetic day', {
    from: '2026-06-01T00:00:00.000Z',
    to: '2026-06-02T00:00:00.000Z',
  });
  const { tp, fp, fn } = pairScores(truth, found);
  console.log(
    `synthetic day stories: pairs of reports joined ${tp + fp} (right ${tp}, wrong ${fp}), missed ${fn}; ` +
      `precision ${(tp / Math.max(1, tp + fp)).toFixed(3)}, recall ${(tp / Math.max(1, tp + fn)).toFixed(3)}`,
  );
  await store.close();
}
