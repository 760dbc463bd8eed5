/**
 * @module The answering figures of one size, in a process of its own over the database the size
 * built: `actor`, `ask` (a question and a thread follow-up), unknown names and `search`, as the
 * chat router composes them, and the peak RSS of answering alone (the ingesting process's peak
 * would mix ingest into it). Prints one JSON object on stdout. `--db` is a SQLite file or a
 * postgres:// URL (whose server's CPU this process does not see: compare wall time there).
 */
import { parseArgs } from 'node:util';
import { CommandRouter } from '../../src/chat/router.ts';
import { parseConfig } from '../../src/config.ts';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { GuardedEngine } from '../../src/core/answer/guarded-engine.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { silentLogger } from '../../src/core/ports/logger.ts';
import { searchPassages } from '../../src/core/retrieval/search-passages.ts';
import { ExtractiveEngine } from '../../src/engines/extractive/extractive-engine.ts';
import { openStore } from '../../src/main.ts';
import { isPostgresUrl } from '../../src/store/copy-database.ts';
import { actorByRank, BRIEFING_DAY } from './corpus.ts';
import { ACTOR_RANKS, type Figure, SEARCH_TERMS } from './figures.ts';
import { measure, peakRssMb } from './timing.ts';

export interface AnswerFigures {
  actor: Figure;
  ask: Figure;
  unknown: Figure;
  search: Figure;
  /** Size of the most named actor's profile as JSON. */
  profileBytes: number;
  /** Peak RSS of this process: opening the store, loading the catalog, answering. */
  peakRssMb: number;
}

const { values } = parseArgs({ options: { db: { type: 'string' } } });
const db = values.db!;
const store = await openStore(
  parseConfig(isPostgresUrl(db) ? { DATABASE_URL: db } : { THREATBRIEF_DB: db }),
);
const analysis = await AnalysisService.load(store);
const now = fixedClock(new Date(BRIEFING_DAY));
const engine = new GuardedEngine(new ExtractiveEngine({ store, analysis, clock: now }), {
  reports: store,
  logger: silentLogger,
});
const router = new CommandRouter({ store, engine, clock: now });
const destination = { platform: 'bench', channel: 'bench', clearance: 'RED' as const };
const actorNames = ACTOR_RANKS.map(actorByRank);
await router.route({ text: `actor ${actorNames[0]}`, destination }); // warm caches and JIT
const actor = await measure(actorNames, (name) =>
  router.route({ text: `actor ${name}`, destination }),
);
const ask = await measure(
  actorNames.flatMap((name) => [name, `${name}\u0000follow`]),
  (key) => {
    const [name, follow] = key.split('\u0000');
    return router.route({
      text: follow ? 'ask what malware do they use?' : `ask who is behind ${name}?`,
      destination,
      threadId: `bench:${name}`,
    });
  },
);
const unknownNames = Array.from({ length: 20 }, (_, i) => `Qorvex Panda ${i + 2}`);
const unknown = await measure(unknownNames, (name) =>
  router.route({ text: `actor ${name}`, destination }),
);
const search = await measure(SEARCH_TERMS, (term) =>
  searchPassages(store, term, { limit: 10, clearance: 'RED' }),
);
const profile = await router.route({ text: `actor ${actorNames[0]}`, destination });
await store.close();
const figures: AnswerFigures = {
  actor,
  ask,
  unknown,
  search,
  profileBytes: JSON.stringify(profile.answer).length,
  peakRssMb: peakRssMb(),
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
