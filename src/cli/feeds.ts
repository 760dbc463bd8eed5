/** @module `threatbrief feeds ...`: subscribe to RSS, Atom and JSON feeds, list them with their state, poll them. */
import { parseReliability } from '../core/model/reliability.ts';
import type { Source } from '../core/model/source.ts';
import { parseTlp } from '../core/model/tlp.ts';
import { type FeedPollResult, pollFeeds } from '../sources/feeds/feed-poller.ts';
import {
  addFeed,
  enableStarterFeeds,
  findFeed,
  STARTER_FEEDS,
} from '../sources/feeds/feed-sources.ts';
import {
  type CliIO,
  COMMON_OPTIONS,
  type Command,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { table } from './format.ts';
import { withApp } from './with-app.ts';

const USAGE = `threatbrief feeds add URL [--publisher NAME] [--reliability A-F] [--tlp LEVEL] [--name NAME]
       threatbrief feeds list [--json]
       threatbrief feeds remove ID|URL
       threatbrief feeds enable ID|URL | enable --starter [ID...]
       threatbrief feeds disable ID|URL
       threatbrief feeds starter [--json]
       threatbrief feeds poll [ID...] [--json]`;

/** A feed as `feeds list --json` shows it: settings and state, never credentials. */
export function feedView(s: Source) {
  return {
    id: s.id,
    url: s.url,
    name: s.settings.name,
    publisher: s.settings.publisher,
    reliability: s.settings.reliability,
    tlp: s.settings.tlp,
    enabled: s.enabled,
    starter: s.settings.starter,
    addedAt: s.addedAt,
    lastAttemptAt: s.state.lastAttemptAt,
    lastSuccessAt: s.state.lastSuccessAt,
    lastError: s.state.lastError,
    failures: s.state.failures,
    nextDueAt: s.state.nextDueAt,
    reportsStored: s.state.itemsStored,
  };
}

function stateLine(s: Source): string {
  if (!s.enabled) return 'off';
  if (s.state.lastError)
    return `failing (${s.state.failures}x, retry after ${s.state.nextDueAt ?? 'next poll'}): ${s.state.lastError}`;
  if (s.state.lastSuccessAt) return `ok, last polled ${s.state.lastSuccessAt}`;
  return 'not polled yet';
}

function printPoll(io: CliIO, results: FeedPollResult[]): void {
  for (const r of results) {
    const label = r.name ?? r.url;
    if (r.status === 'failed') io.stdout(`failed     ${r.id} ${label}: ${r.error}\n`);
    else if (r.status === 'not-modified') io.stdout(`unchanged  ${r.id} ${label}\n`);
    else
      io.stdout(
        `polled     ${r.id} ${label}: ${r.entries} entries, ${r.new} new, ${r.stored} stored` +
          `${r.duplicates ? `, ${r.duplicates} duplicate` : ''}` +
          `${r.fromContent ? ` (${r.fromContent} from the entry text)` : ''}` +
          `${r.rejected.length ? `, ${r.rejected.length} rejected` : ''}\n`,
      );
    for (const x of r.rejected.slice(0, 10)) io.stdout(`  rejected ${x.url}: ${x.error}\n`);
  }
  const stored = results.reduce((n, r) => n + r.stored, 0);
  const failed = results.filter((r) => r.status === 'failed').length;
  io.stdout(
    `${results.length} feed${results.length === 1 ? '' : 's'} polled, ${stored} report${stored === 1 ? '' : 's'} stored, ${failed} failed\n`,
  );
}

export const feedsCommand: Command = {
  name: 'feeds',
  summary: summaryOf('feeds'),
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      publisher: { type: 'string' },
      reliability: { type: 'string' },
      tlp: { type: 'string' },
      name: { type: 'string' },
      starter: { type: 'boolean', default: false },
    });
    const [action, ...rest] = positionals;
    if (values.help || !action) {
      io.stdout(
        `${USAGE}\n\n${this.summary}.\nEach new entry's page is fetched and stored as a report (the entry's own text when the page cannot be had).\n\`serve\` polls enabled feeds on FEED_POLL_CRON (default every 30 minutes); a failing feed backs off.\nThe starter list holds public vendor research feeds; none is polled until you enable it.\n`,
      );
      return values.help ? 0 : 2;
    }
    switch (action) {
      case 'add': {
        if (rest.length !== 1) throw usageError(this, 'name one feed address');
        const reliability =
          values.reliability === undefined ? undefined : parseReliability(values.reliability);
        if (values.reliability !== undefined && !reliability)
          throw usageError(this, `--reliability "${values.reliability}" is not A-F`);
        const tlp = values.tlp === undefined ? undefined : parseTlp(values.tlp);
        if (values.tlp !== undefined && !tlp)
          throw usageError(this, `--tlp "${values.tlp}" is not a TLP label`);
        return withApp(io, values.db, async (app) => {
          const { source, status } = await addFeed(
            app.store,
            rest[0]!,
            { publisher: values.publisher, reliability, tlp, name: values.name },
            app.clock.now(),
          );
          if (values.json) printJson(io, { status, feed: feedView(source) });
          else
            io.stdout(
              status === 'added'
                ? `added ${source.id} ${source.url}; \`threatbrief feeds poll ${source.id}\` fetches it now\n`
                : `already subscribed as ${source.id}\n`,
            );
          return 0;
        });
      }
      case 'list':
        return withApp(io, values.db, async (app) => {
          const feeds = await app.store.listSources('feed');
          if (values.json) {
            printJson(io, { feeds: feeds.map(feedView) });
            return 0;
          }
          if (feeds.length === 0) io.stdout('no feeds yet\n');
          else
            io.stdout(
              `${table(
                feeds.map((f) => [
                  f.id,
                  f.settings.reliability ?? 'F',
                  String(f.state.itemsStored),
                  `${f.settings.name ?? f.url}  ${stateLine(f)}`,
                ]),
                io.columns,
              )}\n`,
            );
          const off = STARTER_FEEDS.filter((s) => !feeds.some((f) => f.id === s.id)).length;
          if (off)
            io.stdout(
              `${off} starter feed${off === 1 ? '' : 's'} not enabled: \`threatbrief feeds starter\`\n`,
            );
          return 0;
        });
      case 'starter':
        return withApp(io, values.db, async (app) => {
          const feeds = await app.store.listSources('feed');
          const rows = STARTER_FEEDS.map((s) => {
            const known = feeds.find((f) => f.id === s.id);
            return { ...s, enabled: Boolean(known?.enabled) };
          });
          if (values.json) printJson(io, { starter: rows });
          else {
            io.stdout(
              `${table(
                rows.map((r) => [
                  r.enabled ? 'on ' : 'off',
                  r.id,
                  r.reliability,
                  `${r.publisher}  ${r.url}`,
                ]),
                io.columns,
              )}\n\`threatbrief feeds enable --starter\` turns them all on; name ids to pick.\n`,
            );
          }
          return 0;
        });
      case 'enable':
      case 'disable':
      case 'remove':
        return withApp(io, values.db, async (app) => {
          if (action === 'enable' && values.starter) {
            const outcome = await enableStarterFeeds(
              app.store,
              rest.length ? rest : 'all',
              app.clock.now(),
            );
            if (values.json) printJson(io, { feeds: outcome });
            else for (const o of outcome) io.stdout(`${o.status.padEnd(10)} ${o.id}\n`);
            return 0;
          }
          if (rest.length !== 1) throw usageError(this, `name one feed to ${action}`);
          const feed = await findFeed(app.store, rest[0]!);
          if (action === 'remove') await app.store.removeSource(feed.id);
          else await app.store.setSourceEnabled(feed.id, action === 'enable');
          const done = { enable: 'enabled', disable: 'disabled', remove: 'removed' }[action];
          if (values.json) printJson(io, { id: feed.id, status: done });
          else io.stdout(`${done} ${feed.id} ${feed.url}\n`);
          return 0;
        });
      case 'poll':
        return withApp(io, values.db, async (app) => {
          const ids = [];
          for (const ref of rest) ids.push((await findFeed(app.store, ref)).id);
          const results = await pollFeeds(app.sources, {
            dueOnly: false,
            ids: ids.length ? ids : undefined,
          });
          if (values.json) printJson(io, { feeds: results });
          else printPoll(io, results);
          return results.some((r) => r.status === 'failed' || r.rejected.length) ? 1 : 0;
        });
      default:
        throw usageError(this, `unknown feeds action "${action}"`);
    }
  },
};
