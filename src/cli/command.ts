/** @module What every CLI command shares: its description, its I/O, and argument parsing with clear errors. */
import type { Readable, Writable } from 'node:stream';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ThreatBriefError } from '../core/errors.ts';
import { parseTlp, type Tlp } from '../core/model/tlp.ts';
import type { AppOverrides } from '../main.ts';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Progress bars and colour only on a terminal. */
  isTTY: boolean;
  /** Terminal width for truncating lines. */
  columns: number;
  /** Hooks for tests: a fixed config or clock. */
  overrides?: AppOverrides;
  /** Interactive streams for the console (process stdin/stdout when absent). */
  stdin?: Readable;
  stdoutStream?: Writable;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** parseArgs with our error type, so a typo gets a one-line message and the usage, not a stack. */
export function parseCommandArgs<O extends Options>(command: Command, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ThreatBriefError(
      'invalid_input',
      `${(error as Error).message}\nusage: ${command.usage}`,
    );
  }
}

export function usageError(command: Command, message: string): ThreatBriefError {
  return new ThreatBriefError('invalid_input', `${message}\nusage: ${command.usage}`);
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A `--clearance LEVEL` value as a TLP label; undefined when not given; a usage error when wrong. */
export function clearanceOption(command: Command, raw: unknown): Tlp | undefined {
  if (raw === undefined) return undefined;
  const tlp = parseTlp(String(raw));
  if (!tlp)
    throw usageError(
      command,
      `--clearance "${String(raw)}" is not a TLP label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)`,
    );
  return tlp;
}
