/** @module The `threatbrief` command: picks a subcommand, turns every expected failure into one clear line. */

import type { CliIO } from './cli/command.ts';
import { COMMANDS } from './cli/commands.ts';
import { named } from './cli/format.ts';
import { isThreatBriefError } from './core/errors.ts';

export { COMMANDS };

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'threatbrief: threat reports in, cited answers and briefings out',
    '',
    'usage: threatbrief COMMAND [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Every command takes --db FILE (or THREATBRIEF_DB) and --help; most take --json.',
    '',
  ].join('\n');
}

export function terminalIO(): CliIO {
  // "threatbrief extract x | head": a reader that stops early is no error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns || 100 : 200,
  };
}

/** Runs one command line; returns the exit code (0 ok, 1 some input rejected, 2 usage or setup error). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(helpText());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`threatbrief: unknown command "${named(name)}"\n\n${helpText()}`);
    return 2;
  }
  const command = entry;
  try {
    return await (await entry.load()).run(rest, io);
  } catch (error) {
    if (isThreatBriefError(error)) {
      // Messages can carry a file name or a piece of the input: shown, never obeyed by the terminal.
      io.stderr(`threatbrief ${command.name}: ${named(error.message)}\n`);
      return 2;
    }
    // A bug, not bad input: say so plainly, and keep the detail for whoever runs with DEBUG.
    io.stderr(
      `threatbrief ${command.name}: unexpected error: ${named((error as Error)?.message ?? String(error))}\n`,
    );
    if (process.env.DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 70;
  }
}
