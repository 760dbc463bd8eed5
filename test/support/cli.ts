/** @module Runs the CLI in-process with captured output and a private database. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli.ts';
import { parseConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/ports/clock.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed CLI JSON, asserted field by field in tests
  json<T = any>(): T;
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'threatbrief-cli-')), 'test.sqlite');
}

export function cli(db: string, env: Record<string, string> = {}, clock?: Clock) {
  const config = parseConfig({ THREATBRIEF_DB: db, ...env });
  return async (...argv: string[]): Promise<CliRun> => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      isTTY: false,
      columns: 200,
      overrides: { config, ...(clock ? { clock } : {}) },
    };
    const code = await runCli(argv, io);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  };
}
