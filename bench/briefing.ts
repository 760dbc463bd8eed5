/**
 * @module Briefing benchmark: 1,000 reports arriving within one day (corpus reports, re-issued
 * with small edits so each is a new report), then the time to build that day's briefing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisService } from '../src/core/analysis/analysis-service.ts';
import { buildDigest } from '../src/core/digest/build-digest.ts';
import { ingestDocuments, type SourceDocument } from '../src/core/ingest/ingest-documents.ts';
import { fixedClock } from '../src/core/ports/clock.ts';
import type { Store } from '../src/core/ports/store.ts';
import { parsePlainText } from '../src/sources/files/formats/text.ts';

/** `open` gives a fresh, empty store of the kind to measure. */
export async function benchBriefing(
  corpus: string,
  open: () => Promise<Store>,
  count = 1000,
): Promise<void> {
  const files = readdirSync(corpus)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const store = await open();
  const analysis = await AnalysisService.load(store);
  const dayStart = Date.parse('2026-11-20T08:00:00Z');
  const step = Math.floor((24 * 3600_000) / count);
  const clock = fixedClock(new Date(dayStart));
  const documents: SourceDocument[] = Array.from({ length: count }, (_, i) => {
    const file = files[i % files.length]!;
    const edition = Math.floor(i / files.length) + 1;
    return {
      origin: `${file}#${edition}`,
      async read() {
        clock.set(new Date(dayStart + i * step));
        const text = readFileSync(join(corpus, file), 'utf8');
        return parsePlainText(
          edition === 1 ? text : `${text}\nRepublished, edition ${edition}.`,
        ).map((d) => ({ ...d, publisher: `Outlet ${edition}` }));
      },
    };
  });
  let started = performance.now();
  const summary = await ingestDocuments({ store, clock, analysis }, documents, {
    defaultTlp: 'CLEAR',
  });
  const ingestSeconds = (performance.now() - started) / 1000;
  const times: number[] = [];
  let digest: Awaited<ReturnType<typeof buildDigest>> | undefined;
  for (let run = 0; run < 3; run++) {
    started = performance.now();
    digest = await buildDigest(store, {
      from: new Date(dayStart).toISOString(),
      to: new Date(dayStart + 24 * 3600_000).toISOString(),
      clearance: 'CLEAR',
      now: new Date(dayStart + 24 * 3600_000),
    });
    times.push(performance.now() - started);
  }
  console.log(
    `briefing (${store.kind}): ${summary.ingested} reports in one day (ingested in ${ingestSeconds.toFixed(1)} s) -> ${digest!.stats.stories} stories; ` +
      `build ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (3 runs)`,
  );
  await store.close();
}
