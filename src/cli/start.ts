/** @module `npm start`: first run seeds a local database with the bundled examples, then shows what to try. */
import { join } from 'node:path';
import { runConsole } from '../chat/console/console.ts';
import { ingestDocuments } from '../core/ingest/ingest-documents.ts';
import { fileDocuments } from '../sources/files/file-documents.ts';
import { COMMON_OPTIONS, type Command, parseCommandArgs } from './command.ts';
import { summaryOf } from './commands.ts';
import { configuredPlatforms, serveUntilStopped } from './serve.ts';
import { withApp } from './with-app.ts';

export const EXAMPLES_DIR = join(import.meta.dirname, '../../examples/reports');

export const startCommand: Command = {
  name: 'start',
  summary: summaryOf('start'),
  usage: 'threatbrief start [--db FILE]',
  async run(args, io) {
    const { values } = parseCommandArgs(this, args, COMMON_OPTIONS);
    if (values.help) {
      io.stdout(`${this.usage}\n\n${this.summary}.\n`);
      return 0;
    }
    return withApp(io, values.db, async (app) => {
      if ((await app.store.countReports()) === 0) {
        const docs = await fileDocuments([EXAMPLES_DIR], { maxBytes: app.config.INGEST_MAX_BYTES });
        const summary = await ingestDocuments(
          { store: app.store, clock: app.clock, analysis: app.analysis },
          docs,
          {
            defaultTlp: app.config.DEFAULT_TLP,
          },
        );
        io.stdout(
          `First run: stored ${summary.ingested} example reports in ${app.store.kind === 'postgres' ? 'the PostgreSQL database' : app.config.THREATBRIEF_DB}.\n`,
        );
      }
      // With Slack or Teams configured, `npm start` runs the bot; otherwise the local console.
      if (configuredPlatforms(app.config).length > 0) return serveUntilStopped(app);
      await runConsole(app, {
        input: io.stdin ?? process.stdin,
        output: io.stdoutStream ?? process.stdout,
        color: io.isTTY,
        width: Math.min(io.columns, 120),
        connectHint:
          'No chat platform is configured, so this is the local console. To answer in Slack or Teams, see README.md ("Connect Slack", "Connect Teams").',
      });
      return 0;
    });
  },
};
