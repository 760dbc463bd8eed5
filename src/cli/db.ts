/** @module `threatbrief db copy --from A --to B`: a whole database moved between a SQLite file and PostgreSQL, then checked. */
import { copyDatabase, openTables } from '../store/copy-database.ts';
import { type Command, parseCommandArgs, printJson, usageError } from './command.ts';
import { summaryOf } from './commands.ts';
import { progressBar } from './progress.ts';

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const dbCommand: Command = {
  name: 'db',
  summary: summaryOf('db'),
  usage:
    'threatbrief db copy --from FILE.sqlite|postgres://... --to postgres://...|FILE.sqlite [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, OPTIONS);
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}.\nThe target must be empty (a new file, or a database or schema without ThreatBrief rows); its schema is created. At the end every table's row count and content hash are compared on both sides.\n`,
      );
      return 0;
    }
    if (positionals[0] !== 'copy' || positionals.length !== 1)
      throw usageError(this, 'the only subcommand is "copy"');
    if (!values.from || !values.to) throw usageError(this, 'both --from and --to are needed');
    if (values.from === values.to) throw usageError(this, '--from and --to name the same database');

    const source = await openTables(values.from, 'source');
    try {
      const target = await openTables(values.to, 'target');
      try {
        const bar = progressBar(io, 'copying');
        const checks = await copyDatabase(source, target, (p) =>
          bar.update(p.done, p.total, p.table),
        );
        bar.finish();
        const ok = checks.every((c) => c.same);
        if (values.json) {
          printJson(io, { from: source.location, to: target.location, ok, tables: checks });
        } else {
          const width = Math.max(...checks.map((c) => c.table.length));
          for (const c of checks)
            io.stdout(
              `${c.table.padEnd(width)}  ${String(c.source.rows).padStart(7)} → ${String(c.target.rows).padStart(7)}  ${c.same ? 'same content' : 'DIFFERENT'}\n`,
            );
          io.stdout(
            ok
              ? `Copied ${source.location} to ${target.location}: every table has the same rows.\n`
              : 'The copy differs from the source in the tables marked DIFFERENT.\n',
          );
        }
        return ok ? 0 : 1;
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  },
};
