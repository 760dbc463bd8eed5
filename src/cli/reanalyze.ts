/** @module `threatbrief reanalyze`: recompute entities, claims and story clusters of every stored report. */
import { COMMON_OPTIONS, type Command, parseCommandArgs, printJson } from './command.ts';
import { summaryOf } from './commands.ts';
import { progressBar } from './progress.ts';
import { withApp } from './with-app.ts';

export const reanalyzeCommand: Command = {
  name: 'reanalyze',
  summary: summaryOf('reanalyze'),
  usage: 'threatbrief reanalyze [--db FILE] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(this, args, COMMON_OPTIONS);
    if (values.help) {
      io.stdout(`${this.usage}\n\n${this.summary}.\n`);
      return 0;
    }
    return withApp(io, values.db, async (app) => {
      const bar = progressBar(io, 'reanalyzing');
      const started = Date.now();
      const result = await app.analysis.reanalyzeAll(app.store, (done, total) =>
        bar.update(done, total, ''),
      );
      bar.finish();
      const seconds = (Date.now() - started) / 1000;
      if (values.json) printJson(io, { ...result, seconds });
      else
        io.stdout(
          `Reanalyzed ${result.reports} reports into ${result.clusters} stories in ${seconds.toFixed(1)} s.\n`,
        );
      return 0;
    });
  },
};
