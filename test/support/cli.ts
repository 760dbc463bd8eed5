/** @module Runs the CLI in-process with captured output and a private database. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli.ts';
import { parseConfig } from '../../src/config.ts';
import { type Clock, fixedClock } from '../../src/core/ports/clock.ts';

/**
 * The instant every in-process CLI run sees unless a test passes its own clock: tests never read
 * the calendar, so they pass on any date and under a shifted system clock.
 */
export const TEST_NOW = '2026-11-20T12:00:00Z';

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

export function cli(
  db: string,
  env: Record<string, string> = {},
  clock: Clock = fixedClock(TEST_NOW),
) {
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
      overrides: { config, clock },
    };
    const code = await runCli(argv, io);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  };
}
