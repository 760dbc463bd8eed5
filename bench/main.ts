/**
 * @module `npm run bench`: with `--sizes 10000,100000 [--corpus DIR] [--seed N] [--json] [--keep]`
 * the scale benchmark (bench/scale/: a synthetic corpus of each size built from the reports in
 * --corpus, measured against bare node:sqlite FTS5); otherwise the everyday benchmarks in turn,
 * the arguments going to bench/run.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const args = process.argv.slice(2);
if (args.includes('--sizes')) {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: 'string' },
      corpus: {
        type: 'string',
        default: resolve(import.meta.dirname, '../../shared/corpus/annoctr/reports'),
      },
      seed: { type: 'string', default: '17' },
      json: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  if (!sizes.every((n) => Number.isInteger(n) && n > 0)) {
    console.error('bench: --sizes is a comma-separated list of report counts (10000,100000)');
    process.exit(2);
  }
  if (!existsSync(values.corpus!)) {
    console.error(`bench: no corpus at ${values.corpus}; pass --corpus DIR (a folder of reports)`);
    process.exit(2);
  }
  const { runSizes } = await import('./scale/run-sizes.ts');
  await runSizes({
    sizes,
    corpus: resolve(values.corpus!),
    seed: Number(values.seed),
    json: values.json!,
    keep: values.keep!,
  });
} else {
  for (const [script, scriptArgs] of [
    ['run.ts', args],
    ['slack-ack.ts', []],
    ['teams-reply.ts', []],
    ['feeds.ts', []],
  ] as const) {
    const run = spawnSync(process.execPath, [join(import.meta.dirname, script), ...scriptArgs], {
      stdio: 'inherit',
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
