/**
 * @module Times the scale bench's briefing over an already built database, without the ~40 min of
 * building one: `node bench/scale/briefing-day.ts DB [COUNT] [RUNS]`. DB holds the synthetic
 * history plus the briefing day (BRIEFING_DAY, reports 8 s apart); COUNT 10000 briefs the whole
 * day, a smaller COUNT the span in which its first COUNT reports arrived (the bench's 1,000-report
 * day). Prints one JSON line per run: CPU and wall seconds, items, stories, reports. Work on a copy
 * of the database: opening it may migrate it.
 */
import { parseArgs } from 'node:util';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { BRIEFING_DAY } from './corpus.ts';

const DAY = 86_400_000;
const { positionals } = parseArgs({ allowPositionals: true });
const [path, count = '10000', runs = '2'] = positionals;
if (!path) {
  console.error('usage: node bench/scale/briefing-day.ts DB [COUNT] [RUNS]');
  process.exit(2);
}
const store = openSqliteStore({ path });
const from = new Date(BRIEFING_DAY).toISOString();
const span = Number(count) >= 10_000 ? DAY : Number(count) * 8_000;
const to = new Date(BRIEFING_DAY + span).toISOString();
for (let i = 0; i < Number(runs); i++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const digest = await buildDigest(store, {
    from,
    to,
    clearance: 'CLEAR',
    now: new Date(BRIEFING_DAY + DAY),
  });
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      cpu: Number(((used.user + used.system) / 1e6).toFixed(2)),
      wall: Number(((performance.now() - started) / 1000).toFixed(2)),
      items: digest.items.length,
      stories: digest.stats.stories,
      reports: digest.stats.reports,
    }),
  );
}
await store.close();
