/**
 * @module The scale benchmark: one child process per size (so peak RSS is per size), each
 * printing its figures as JSON; here they become one table, or one JSON document with --json.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownTable, type SizeFigures } from './figures.ts';

export async function runSizes(options: {
  sizes: number[];
  corpus: string;
  seed: number;
  json: boolean;
  keep: boolean;
}): Promise<void> {
  const runs: SizeFigures[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-scale-'));
  process.stderr.write(
    `scale bench: sizes ${options.sizes.join(', ')}, seed ${options.seed}, in ${dir}\n`,
  );
  try {
    for (const size of options.sizes) {
      const out = await new Promise<string>((ok, fail) => {
        const child = spawn(
          process.execPath,
          [
            join(import.meta.dirname, 'measure-size.ts'),
            '--size',
            String(size),
            '--seed',
            String(options.seed),
            '--corpus',
            options.corpus,
            '--dir',
            join(dir, String(size)),
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let text = '';
        child.stdout.on('data', (chunk) => {
          text += chunk;
        });
        child.on('exit', (code) =>
          code === 0 ? ok(text) : fail(new Error(`size ${size}: exit ${code}`)),
        );
      });
      runs.push(JSON.parse(out) as SizeFigures);
    }
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  if (options.json) process.stdout.write(`${JSON.stringify({ runs }, null, 2)}\n`);
  else process.stdout.write(`${markdownTable(runs)}\n`);
}
