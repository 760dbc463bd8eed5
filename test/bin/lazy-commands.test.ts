/**
 * Commands load only what they use: answering from the command line never loads a chat SDK, the
 * HTML parser, the model client or the HTTP client (the process records every package it loads).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const HEAVY = [
  '@slack/bolt',
  'botbuilder',
  'jsdom',
  '@mozilla/readability',
  'openai',
  'undici',
  'pg',
];

/** Package names `threatbrief ARGS` loaded. */
function packagesLoadedBy(args: string[]): Set<string> {
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-lazy-'));
  const hook = join(dir, 'record.mjs');
  const out = join(dir, 'loaded.txt');
  writeFileSync(
    hook,
    `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ load(url, context, next) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(url);
  if (m) appendFileSync(${JSON.stringify(out)}, m[1] + '\\n');
  return next(url, context);
} });`,
  );
  writeFileSync(out, '');
  const env: NodeJS.ProcessEnv = { ...process.env, THREATBRIEF_DB: join(dir, 'db.sqlite') };
  delete env.DATABASE_URL;
  delete env.OPENAI_API_KEY;
  spawnSync(process.execPath, ['--import', hook, join(ROOT, 'bin/threatbrief.js'), ...args], {
    env,
    encoding: 'utf8',
  });
  return new Set(readFileSync(out, 'utf8').split('\n').filter(Boolean));
}

describe('lazy commands', () => {
  it.each([
    [['actor', 'APT29', '--json']],
    [['ask', 'who is behind APT29?', '--json']],
    [['search', 'ransomware', '--json']],
  ])('threatbrief %j loads no chat SDK, HTML parser, model client or HTTP client', (args) => {
    const loaded = packagesLoadedBy(args);
    expect(loaded.has('zod')).toBe(true); // the hook saw the command's own packages
    expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
  });
});
