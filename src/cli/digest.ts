/** @module `threatbrief digest` (a briefing on demand, its focus and limit) and `threatbrief schedule` (the next scheduled runs). */
import { MarkdownArchive } from '../archive/markdown-archive.ts';
import { plainTerminal } from '../chat/render/escape.ts';
import { renderMarkdown } from '../chat/render/markdown.ts';
import { renderTerminal } from '../chat/render/terminal.ts';
import { briefingPage, briefingSettings } from '../core/digest/briefing-page.ts';
import { explainRanking } from '../core/digest/explain.ts';
import {
  changeFocus,
  changeItemLimit,
  changeWithheldNotice,
} from '../core/digest/profile-commands.ts';
import { describeSchedule, localDay, localTime } from '../core/digest/schedule-spec.ts';
import { DEFAULT_ITEM_LIMIT, MAX_ITEM_LIMIT } from '../core/model/briefing-profile.ts';
import type { DestinationRef } from '../core/model/subscription.ts';
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
import { summaryOf } from './commands.ts';
import { withApp } from './with-app.ts';

/** The profile the command line uses when no --for names a chat destination. */
const LOCAL: DestinationRef = { platform: 'cli', channel: 'local' };
const WEEK = 7 * 86_400_000;

function destinationOption(command: Command, raw: string | undefined): DestinationRef {
  if (raw === undefined) return LOCAL;
  const at = raw.indexOf(':');
  if (at <= 0 || at === raw.length - 1)
    throw usageError(command, `--for "${raw}" is not PLATFORM:CHANNEL (slack:C0123)`);
  return { platform: raw.slice(0, at), channel: raw.slice(at + 1) };
}

function wholeOption(command: Command, name: string, raw: string | undefined, max: number) {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw usageError(command, `--${name} must be a whole number from 1 to ${max}`);
  return n;
}

export const digestCommand: Command = {
  name: 'digest',
  summary: summaryOf('digest'),
  usage:
    'threatbrief digest [week] [--since DURATION|ISO] [--clearance LEVEL] [--for PLATFORM:CHANNEL] [--limit N] [--page N] [--explain] [--archive] [--db FILE] [--json]\n' +
    '       threatbrief digest focus [technologies|sectors|regions|actors|cves VALUES | add ... | remove ... | clear] [--for PLATFORM:CHANNEL]\n' +
    '       threatbrief digest limit N|default [--for PLATFORM:CHANNEL]\n' +
    '       threatbrief digest withheld count|silent [--for PLATFORM:CHANNEL]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      since: { type: 'string' },
      clearance: { type: 'string' },
      archive: { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
      limit: { type: 'string' },
      page: { type: 'string' },
      for: { type: 'string' },
    });
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}. Stories are grouped across outlets and ranked by substance; a destination's focus (set with "digest focus", stored per destination; --for picks one, the command line's own otherwise) ranks matching stories first. --explain prints each item's score parts; --clearance shows what a destination cleared for that TLP level would get; --limit and --page page through the stories; "week" covers the last seven days; --archive also writes the briefing to BRIEFINGS_DIR as Markdown.\n`,
      );
      return 0;
    }
    const destination = destinationOption(this, values.for);
    const [mode, ...rest] = positionals;
    if (mode === 'withheld') {
      return withApp(io, values.db, async (app) => {
        const outcome = await changeWithheldNotice(app, destination, rest, 'cli');
        io.stdout(`${outcome.title}: ${plainTerminal(outcome.message)}\n`);
        return outcome.status === 'refused' ? 1 : 0;
      });
    }
    if (mode === 'focus' || mode === 'limit') {
      return withApp(io, values.db, async (app) => {
        const change = mode === 'focus' ? changeFocus : changeItemLimit;
        const clearance = clearanceOption(this, values.clearance) ?? app.config.LOCAL_CLEARANCE;
        const outcome = await change(app, { ...destination, clearance }, rest, 'cli');
        io.stdout(`${outcome.title}: ${plainTerminal(outcome.message)}\n`);
        return outcome.status === 'refused' ? 1 : 0;
      });
    }
    if (mode !== undefined && mode !== 'week')
      throw usageError(this, `unexpected argument "${mode}"`);
    if (rest.length) throw usageError(this, `unexpected argument "${rest[0]}"`);
    const week = mode === 'week';
    if (week && values.since) throw usageError(this, '"week" and --since cannot be combined');
    const clearanceArg = clearanceOption(this, values.clearance);
    const limit = wholeOption(this, 'limit', values.limit, MAX_ITEM_LIMIT);
    const page = wholeOption(this, 'page', values.page, 10_000) ?? 1;
    return withApp(io, values.db, async (app) => {
      const now = app.clock.now();
      const from = week
        ? new Date(now.getTime() - WEEK).toISOString()
        : resolveSince(values.since ?? '24h', now);
      if (!from)
        throw usageError(
          this,
          `--since "${values.since}" is neither a duration (24h, 7d) nor a date`,
        );
      const clearance: Tlp = clearanceArg ?? app.config.LOCAL_CLEARANCE;
      const settings = await briefingSettings(app.store, destination);
      if (limit) settings.limit = limit;
      const perPage = settings.limit ?? DEFAULT_ITEM_LIMIT;
      const again = [
        week ? 'week' : '',
        values.for ? `--for ${values.for}` : '',
        limit ? `--limit ${limit}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const day = localDay(now, app.config.DIGEST_TIMEZONE);
      const { digest, answer } = await briefingPage(
        app.store,
        destination,
        {
          from,
          to: now.toISOString(),
          clearance,
          now,
          offset: (page - 1) * perPage,
          ...(week ? { title: `Week to ${day}` } : {}),
          moreHint: `threatbrief digest ${again ? `${again} ` : ''}--page ${page + 1}`,
        },
        settings,
      );
      if (values.json) printJson(io, digest);
      else {
        io.stdout(
          `${renderTerminal(answer, { color: io.isTTY, width: Math.min(io.columns, 120) })}\n`,
        );
        if (values.explain)
          io.stdout(`\nWhy this order\n${explainRanking(digest, plainTerminal).join('\n')}\n`);
      }
      if (values.archive) {
        const path = await new MarkdownArchive(app.config.BRIEFINGS_DIR).write({
          day,
          destination: `${week ? 'week-' : ''}local-${clearance.toLowerCase()}`,
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
  summary: summaryOf('schedule'),
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
