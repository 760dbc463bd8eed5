/** @module `threatbrief digest` (a briefing on demand) and `threatbrief schedule` (the next scheduled runs). */
import { MarkdownArchive } from '../archive/markdown-archive.ts';
import { renderMarkdown } from '../chat/render/markdown.ts';
import { renderTerminal } from '../chat/render/terminal.ts';
import { buildDigest } from '../core/digest/build-digest.ts';
import { digestAnswer } from '../core/digest/digest-answer.ts';
import { describeSchedule, localDay, localTime } from '../core/digest/schedule-spec.ts';
import type { Tlp } from '../core/model/tlp.ts';
import { resolveSince } from '../core/text/dates.ts';
import {
  COMMON_OPTIONS,
  type Command,
  clearanceOption,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { withApp } from './with-app.ts';

export const digestCommand: Command = {
  name: 'digest',
  summary: 'a briefing of the reports ingested in a period (default: the last 24 hours)',
  usage:
    'threatbrief digest [--since DURATION|ISO] [--clearance LEVEL] [--archive] [--db FILE] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      since: { type: 'string', default: '24h' },
      clearance: { type: 'string' },
      archive: { type: 'boolean', default: false },
    });
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}. Stories are grouped across outlets and ranked; --clearance shows what a destination cleared for that TLP level would get; --archive also writes the briefing to BRIEFINGS_DIR as Markdown.\n`,
      );
      return 0;
    }
    if (positionals.length) throw usageError(this, `unexpected argument "${positionals[0]}"`);
    const clearanceArg = clearanceOption(this, values.clearance);
    return withApp(io, values.db, async (app) => {
      const now = app.clock.now();
      const from = resolveSince(values.since!, now);
      if (!from)
        throw usageError(
          this,
          `--since "${values.since}" is neither a duration (24h, 7d) nor a date`,
        );
      const clearance: Tlp = clearanceArg ?? app.config.LOCAL_CLEARANCE;
      const digest = await buildDigest(app.store, { from, to: now.toISOString(), clearance, now });
      const answer = digestAnswer(digest);
      if (values.json) printJson(io, digest);
      else
        io.stdout(
          `${renderTerminal(answer, { color: io.isTTY, width: Math.min(io.columns, 120) })}\n`,
        );
      if (values.archive) {
        const path = await new MarkdownArchive(app.config.BRIEFINGS_DIR).write({
          day: localDay(now, app.config.DIGEST_TIMEZONE),
          destination: `local-${clearance.toLowerCase()}`,
          markdown: renderMarkdown(answer),
        });
        io.stderr(`written to ${path}\n`);
      }
      return 0;
    });
  },
};

export const scheduleCommand: Command = {
  name: 'schedule',
  summary: 'list briefing subscriptions with their next runs',
  usage: 'threatbrief schedule [--count N] [--db FILE] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      count: { type: 'string', default: '3' },
    });
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}. Subscriptions are made in chat: digest subscribe 08:00 Europe/Berlin.\n`,
      );
      return 0;
    }
    const count = Number(values.count);
    if (!Number.isInteger(count) || count < 1 || count > 50)
      throw usageError(this, '--count must be a whole number from 1 to 50');
    return withApp(io, values.db, async (app) => {
      const now = app.clock.now();
      const rows = [];
      for (const s of await app.store.listSubscriptions()) {
        const next: Date[] = [];
        let at = now;
        while (next.length < count) {
          const n = app.calendar.next(s.cron, s.timezone, at);
          if (!n) break;
          next.push(n);
          at = n;
        }
        const last = await app.store.lastCompletedRun(s.id);
        rows.push({
          subscription: s,
          next: next.map((d) => d.toISOString()),
          lastRun: last ?? null,
          described: describeSchedule(s),
          local: next.map((d) => localTime(d, s.timezone)),
        });
      }
      if (values.json) {
        printJson(
          io,
          rows.map(({ subscription, next, lastRun }) => ({ ...subscription, next, lastRun })),
        );
        return 0;
      }
      if (rows.length === 0) {
        io.stdout(
          'No briefing subscriptions. In Slack or Teams an admin can add one: digest subscribe 08:00 Europe/Berlin\n',
        );
        return 0;
      }
      for (const r of rows) {
        io.stdout(
          `${r.subscription.destination.platform}:${r.subscription.destination.channel} — ${r.described}, TLP:${r.subscription.clearance}\n`,
        );
        io.stdout(`  next: ${r.local.join(' · ') || 'none within a month'}\n`);
        if (r.lastRun)
          io.stdout(
            `  last: ${r.lastRun.status} for the period ending ${localTime(new Date(r.lastRun.periodEnd), r.subscription.timezone)}\n`,
          );
      }
      return 0;
    });
  },
};
