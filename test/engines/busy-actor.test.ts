/**
 * An actor named in more reports than a profile reads: the profile says how many reports name it,
 * cites a bounded number of them (the newest and the first among them), and every citation still
 * names the actor.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOSSIER_REPORTS } from '../../src/core/analysis/actor-dossier.ts';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { ingestDocuments } from '../../src/core/ingest/ingest-documents.ts';
import type { Answer } from '../../src/core/model/answer.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { ExtractiveEngine } from '../../src/engines/extractive/extractive-engine.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

const REPORTS = DOSSIER_REPORTS + 30;
const SECTORS = ['energy', 'telecom', 'healthcare', 'government', 'finance'];
let store: Store;
let profile: Answer;

beforeAll(async () => {
  store = openSqliteStore({
    path: join(mkdtempSync(join(tmpdir(), 'threatbrief-busy-')), 'busy.sqlite'),
  });
  const clock = fixedClock('2025-01-01T00:00:00Z');
  const analysis = await AnalysisService.load(store);
  const documents = Array.from({ length: REPORTS }, (_, i) => {
    const day = new Date(Date.UTC(2025, 0, 1 + i * 3)).toISOString();
    return {
      origin: `busy-${i}`,
      async read() {
        clock.set(day);
        return [
          {
            sourceKind: 'text' as const,
            title: `Volt Typhoon report ${i + 1}`,
            published: day,
            publisher: `Outlet ${i % 7}`,
            text: `Volt Typhoon report ${i + 1}\nVolt Typhoon targeted ${SECTORS[i % SECTORS.length]} organizations in wave ${i + 1}, using living-off-the-land techniques.`,
          },
        ];
      },
    };
  });
  const summary = await ingestDocuments({ store, clock, analysis }, documents, {
    defaultTlp: 'CLEAR',
  });
  expect(summary.ingested).toBe(REPORTS);
  const engine = new ExtractiveEngine({ store, analysis, clock });
  profile = await engine.answer({
    command: 'actor',
    text: 'Volt Typhoon',
    clearance: 'CLEAR',
    thread: null,
  });
});

afterAll(async () => {
  await store.close();
});

describe('a profile of an actor named in many reports', () => {
  it('counts every report that names it', () => {
    expect(profile.kind).toBe('profile');
    expect(profile.summary).toContain(`${REPORTS} reports`);
    // It says it read a bounded set, and how to see the rest.
    expect(profile.summary).toMatch(/profiled from \d+; reply "more" in a thread for the rest/);
  });

  it('cites fewer reports than it read, each naming the actor', async () => {
    expect(profile.citations.length).toBeGreaterThan(0);
    expect(profile.citations.length).toBeLessThanOrEqual(DOSSIER_REPORTS + 26);
    for (const c of profile.citations) {
      const report = await store.getReport(c.reportId);
      expect(report?.text).toContain('Volt Typhoon');
    }
  });

  it('still names the newest report among its sources', () => {
    expect(profile.citations.map((c) => c.title)).toContain(`Volt Typhoon report ${REPORTS}`);
  });
});
