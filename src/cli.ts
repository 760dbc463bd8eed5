/** @module The `threatbrief` command: picks a subcommand, turns every expected failure into one clear line. */

import { actorCommand, askCommand } from './cli/answer-commands.ts';
import { catalogCommand } from './cli/catalog.ts';
import type { CliIO, Command } from './cli/command.ts';
import { dbCommand } from './cli/db.ts';
import { digestCommand, scheduleCommand } from './cli/digest.ts';
import { extractCommand } from './cli/extract.ts';
import { feedsCommand } from './cli/feeds.ts';
import { named } from './cli/format.ts';
import { ingestCommand } from './cli/ingest.ts';
import { reanalyzeCommand } from './cli/reanalyze.ts';
import { reportsCommand } from './cli/reports.ts';
import { searchCommand } from './cli/search.ts';
import { serveCommand } from './cli/serve.ts';
import { startCommand } from './cli/start.ts';
import { taxiiCommand } from './cli/taxii.ts';
import { isThreatBriefError } from './core/errors.ts';

export const COMMANDS: Command[] = [
  startCommand,
  serveCommand,
  ingestCommand,
  feedsCommand,
  taxiiCommand,
  reportsCommand,
  searchCommand,
  actorCommand,
  askCommand,
  digestCommand,
  scheduleCommand,
  extractCommand,
  catalogCommand,
  reanalyzeCommand,
  dbCommand,
];

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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`threatbrief: unknown command "${named(name)}"\n\n${helpText()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
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
