/** @module `threatbrief search QUERY`: ranked passages with their report's metadata and a snippet. */
import { withheldNoticeOf } from '../core/answer/withheld-notice.ts';
import type { Tlp } from '../core/model/tlp.ts';
import { searchPassages } from '../core/retrieval/search-passages.ts';
import { isoDay } from '../core/text/dates.ts';
import {
  COMMON_OPTIONS,
  type Command,
  clearanceOption,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { highlight, shown } from './format.ts';
import { withApp } from './with-app.ts';

const LOCAL_DESTINATION = { platform: 'cli', channel: 'local' };

export const searchCommand: Command = {
  name: 'search',
  summary: summaryOf('search'),
  usage: 'threatbrief search QUERY [--limit N] [--clearance LEVEL] [--db FILE] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      limit: { type: 'string', default: '10' },
      clearance: { type: 'string' },
    });
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}. Every word must match; when nothing does, any word may.\n--clearance shows only what a destination with that TLP clearance may see.\n`,
      );
      return 0;
    }
    const query = positionals.join(' ').trim();
    if (!query) throw usageError(this, 'give something to search for');
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw usageError(this, '--limit must be a whole number from 1 to 200');
    const clearanceArg = clearanceOption(this, values.clearance);

    return withApp(io, values.db, async (app) => {
      const clearance: Tlp = clearanceArg ?? app.config.LOCAL_CLEARANCE;
      const found = await searchPassages(app.store, query, { limit, clearance });
      // `digest withheld silent` (for cli:local) says nothing about what was left out.
      const silent = (await withheldNoticeOf(app.store, LOCAL_DESTINATION)) === 'silent';
      const result = silent ? { ...found, withheld: 0 } : found;
      if (values.json) {
        printJson(io, {
          query,
          matched: result.matched,
          clearance,
          withheld: result.withheld,
          results: result.items.map((item) => ({
            rank: item.rank,
            score: Number(item.score.toFixed(4)),
            reportId: item.report.id,
            title: item.report.title,
            publisher: item.report.publisher,
            published: item.report.published,
            url: item.report.url,
            tlp: item.report.tlp,
            reliability: item.report.reliability,
            passage: { seq: item.passage.seq, start: item.passage.start, end: item.passage.end },
            snippet: item.snippet.text,
          })),
        });
        return 0;
      }
      if (result.items.length === 0) {
        io.stdout(`No stored passage mentions "${shown(query)}".\n`);
      } else {
        if (result.matched === 'any')
          io.stdout(`No passage has every word; showing passages with some of them.\n\n`);
        for (const item of result.items) {
          const r = item.report;
          io.stdout(
            `${item.rank}. ${shown(r.title)}\n   ${shown(r.publisher ?? 'unknown publisher')} · ${isoDay(r.published)} · TLP:${r.tlp} · reliability ${r.reliability} · ${r.id}\n   ${highlight(item.snippet, io.isTTY)}\n\n`,
          );
        }
      }
      if (result.withheld > 0) {
        io.stdout(
          `${result.withheld} matching report${result.withheld === 1 ? ' is' : 's are'} above TLP:${clearance} and left out.\n`,
        );
      }
      return 0;
    });
  },
};
