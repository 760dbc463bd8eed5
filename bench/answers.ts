/**
 * @module Answer benchmark: latency of `actor` and `ask` over a stored corpus, and whether every
 * citation of an actor profile points at a report that names the actor (by any catalog alias).
 */
import { readFileSync } from 'node:fs';
import { CommandRouter } from '../src/chat/router.ts';
import type { AnalysisService } from '../src/core/analysis/analysis-service.ts';
import { guardAnswer } from '../src/core/answer/citation-guard.ts';
import { GuardedEngine } from '../src/core/answer/guarded-engine.ts';
import { fixedClock } from '../src/core/ports/clock.ts';
import { silentLogger } from '../src/core/ports/logger.ts';
import type { Store } from '../src/core/ports/store.ts';
import { ExtractiveEngine } from '../src/engines/extractive/extractive-engine.ts';

export interface AnswerTimings {
  actor: { p50: number; p95: number };
  ask: { p50: number; p95: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** 20 actors named in the gold annotations that the store also knows, most annotated first. */
function pickActors(
  goldPath: string,
  analysis: AnalysisService,
  known: Set<string>,
  count: number,
): string[] {
  const tally = new Map<string, number>();
  for (const line of readFileSync(goldPath, 'utf8').split('\n').filter(Boolean)) {
    const row = JSON.parse(line) as { annotated: boolean; groups: string[] };
    if (!row.annotated) continue;
    for (const g of row.groups) {
      const canonical = analysis.catalog.find(g, 'actor')?.name ?? g;
      if (known.has(canonical)) tally.set(canonical, (tally.get(canonical) ?? 0) + 1);
    }
  }
  return [...tally.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([name]) => name);
}

export async function benchAnswers(
  store: Store,
  analysis: AnalysisService,
  goldPath: string,
): Promise<AnswerTimings> {
  // Composed as in main.ts: answers leave through the citation guard.
  const engine = new GuardedEngine(
    new ExtractiveEngine({ store, analysis, clock: fixedClock('2026-11-21T08:00:00Z') }),
    {
      reports: store,
      logger: silentLogger,
    },
  );
  const router = new CommandRouter({
    store,
    engine,
    clock: fixedClock('2026-11-21T08:00:00Z'),
  });
  const known = new Set((await store.knownEntities(['actor'], 'RED')).map((k) => k.canonical));
  const actors = pickActors(goldPath, analysis, known, 20);
  const destination = { platform: 'bench', channel: 'bench', clearance: 'RED' as const };
  const timings = { actor: [] as number[], ask: [] as number[], guard: [] as number[] };
  let grounded = 0;
  const ungrounded: string[] = [];
  for (const name of actors) {
    let started = performance.now();
    const { answer } = await router.route({ text: `actor ${name}`, destination });
    timings.actor.push(performance.now() - started);
    // The guard's own share of that: checking a profile's sources and quotes against the store.
    started = performance.now();
    await guardAnswer(answer, destination.clearance, store);
    timings.guard.push(performance.now() - started);
    started = performance.now();
    await router.route({
      text: `ask who is behind ${name}?`,
      destination,
      threadId: `bench:${name}`,
    });
    await router.route({
      text: 'what malware do they use?',
      destination,
      threadId: `bench:${name}`,
    });
    timings.ask.push((performance.now() - started) / 2);
    const names = [name, ...(analysis.catalog.find(name, 'actor')?.aliases ?? [])].map((n) =>
      n.toLowerCase(),
    );
    let ok = answer.kind === 'profile' && answer.citations.length > 0;
    for (const c of answer.citations) {
      const text = (await store.getReport(c.reportId))?.text.toLowerCase() ?? '';
      if (!names.some((n) => text.includes(n))) ok = false;
    }
    if (ok) grounded++;
    else ungrounded.push(name);
  }
  const result = { actor: { p50: 0, p95: 0 }, ask: { p50: 0, p95: 0 } };
  for (const key of ['actor', 'ask', 'guard'] as const) {
    const sorted = [...timings[key]].sort((a, b) => a - b);
    if (key !== 'guard') result[key] = { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    console.log(
      `${key.padEnd(6)} ${sorted.length} answers: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
  }
  console.log(
    `grounding: ${grounded} of ${actors.length} actor profiles cite only reports that name the actor`,
  );
  console.log(`  actors: ${actors.join(', ')}`);
  if (ungrounded.length) console.log(`  not fully grounded: ${ungrounded.join(', ')}`);
  const { dropped } = engine;
  console.log(
    `citation guard: dropped ${dropped.claims} statements, ${dropped.sources + dropped.aboveClearance} sources, ${dropped.quotes} quotes, ${dropped.attribution} attribution lines`,
  );
  return result;
}
