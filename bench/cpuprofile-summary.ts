/**
 * @module Where the time of a V8 CPU profile went: self and inclusive time per function, as
 * shares of the samples. For finding hot spots in a run such as
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof bench/scale/ingest-rate.ts --size 3000 --skip-raw`.
 *
 * `node bench/cpuprofile-summary.ts FILE.cpuprofile [--top 40] [--match text] [--under text]`
 * --match keeps only functions whose name or file holds the text; --under counts only samples
 * taken inside a function that does (e.g. `--under storeOne` for ingest alone).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '40' },
    match: { type: 'string' },
    under: { type: 'string' },
  },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: node bench/cpuprofile-summary.ts FILE.cpuprofile [--top N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

/** A function as "name path:line", the path from the project's own folders on. */
function label(n: ProfileNode): string {
  const where = n.callFrame.url.replace(/^.*\/(src|bench|test|node_modules)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
}

// Time per sample node, from the deltas between samples.
const timeAt = new Map<number, number>();
profile.samples.forEach((id, i) => {
  timeAt.set(id, (timeAt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const [id, time] of timeAt) {
  const stack: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
    stack.push(label(nodes.get(at)!));
  if (values.under && !stack.some((l) => l.includes(values.under!))) continue;
  total += time;
  self.set(stack[0]!, (self.get(stack[0]!) ?? 0) + time);
  // A recursive function counts once per sample.
  for (const l of new Set(stack)) inclusive.set(l, (inclusive.get(l) ?? 0) + time);
}

const top = Number(values.top);
const share = (t: number) => ((100 * t) / total).toFixed(1).padStart(5);
const rows = [...inclusive.keys()].filter((l) => !values.match || l.includes(values.match));
const print = (title: string, by: (l: string) => number) => {
  process.stdout.write(`--- ${title}\n`);
  for (const l of [...rows].sort((a, b) => by(b) - by(a)).slice(0, top)) {
    process.stdout.write(
      `${share(self.get(l) ?? 0)} self ${share(inclusive.get(l) ?? 0)} incl  ${l.slice(0, 160)}\n`,
    );
  }
};
process.stdout.write(`${(total / 1e6).toFixed(2)} s sampled\n`);
print('by self time (%)', (l) => self.get(l) ?? 0);
print('by inclusive time (%)', (l) => inclusive.get(l) ?? 0);
