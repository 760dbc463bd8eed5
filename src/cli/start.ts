/** @module `npm start`: first run seeds a local database with the bundled examples, then shows what to try. */
import { join } from 'node:path';
import { ingestDocuments } from '../core/ingest/ingest-documents.ts';
import { fileDocuments } from '../sources/files/file-documents.ts';
import { COMMON_OPTIONS, type Command, parseCommandArgs } from './command.ts';
import { withApp } from './with-app.ts';

export const EXAMPLES_DIR = join(import.meta.dirname, '../../examples/reports');

export const startCommand: Command = {
  name: 'start',
  summary: 'set up a local database with the example reports and show what to try',
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
          `First run: stored ${summary.ingested} example reports in ${app.config.THREATBRIEF_DB}.\n`,
        );
      }
      const count = await app.store.countReports();
      io.stdout(
        [
          `ThreatBrief: ${count} report${count === 1 ? '' : 's'} in ${app.config.THREATBRIEF_DB}.`,
          '',
          'Try:',
          '  npx threatbrief search "Exchange"',
          '  npx threatbrief search "Volt Typhoon" --clearance clear',
          '  npx threatbrief reports',
          '  npx threatbrief ingest path/to/reports --tlp amber',
          '',
          'Run `npx threatbrief help` for every command.',
          '',
        ].join('\n'),
      );
      return 0;
    });
  },
};
