/** @module `threatbrief reports`: what the store holds, newest ingested first. */
import { isoDay, resolveSince } from '../core/text/dates.ts';
import {
  COMMON_OPTIONS,
  type Command,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { shown, table } from './format.ts';
import { withApp } from './with-app.ts';

export const reportsCommand: Command = {
  name: 'reports',
  summary: summaryOf('reports'),
  usage: 'threatbrief reports [--since DURATION|ISO] [--limit N] [--db FILE] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      since: { type: 'string' },
      limit: { type: 'string' },
    });
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}. --since takes 24h, 7d, 2w or a date such as 2025-10-01 and filters on when reports were ingested.\n`,
      );
      return 0;
    }
    if (positionals.length) throw usageError(this, `unexpected argument "${positionals[0]}"`);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
      throw usageError(this, '--limit must be a positive whole number');
    return withApp(io, values.db, async (app) => {
      const since =
        values.since === undefined ? undefined : resolveSince(values.since, app.clock.now());
      if (values.since !== undefined && !since)
        throw usageError(
          this,
          `--since "${values.since}" is neither a duration (24h, 7d) nor a date`,
        );
      const reports = await app.store.listReports({ ingestedSince: since, limit });
      if (values.json) {
        printJson(io, { since: since ?? null, count: reports.length, reports });
        return 0;
      }
      if (reports.length === 0) {
        io.stdout(
          since
            ? `No reports ingested since ${since}.\n`
            : 'No reports stored yet. Try: threatbrief ingest examples/reports\n',
        );
        return 0;
      }
      const rows = [
        ['ID', 'PUBLISHED', 'INGESTED', 'TLP', 'REL', 'PUBLISHER', 'TITLE'],
        ...reports.map((r) => [
          r.id,
          isoDay(r.published),
          isoDay(r.ingestedAt),
          r.tlp,
          r.reliability,
          shown(r.publisher ?? '-').slice(0, 24),
          shown(r.title),
        ]),
      ];
      io.stdout(
        `${table(rows, io.columns)}\n${reports.length} report${reports.length === 1 ? '' : 's'}\n`,
      );
      return 0;
    });
  },
};
