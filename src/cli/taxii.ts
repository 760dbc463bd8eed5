/** @module `threatbrief taxii ...`: TAXII 2.1 collections to pull reports from (add, list, remove, pull). */
import { parseReliability } from '../core/model/reliability.ts';
import type { SourceAuth } from '../core/model/source.ts';
import { parseTlp } from '../core/model/tlp.ts';
import {
  addCollection,
  collectionView,
  findCollection,
} from '../sources/taxii/taxii-collections.ts';
import { pullCollections } from '../sources/taxii/taxii-poller.ts';
import {
  COMMON_OPTIONS,
  type Command,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { table } from './format.ts';
import { withApp } from './with-app.ts';

const USAGE = `threatbrief taxii add API_ROOT_URL --collection ID [--user NAME --password SECRET | --token TOKEN]
                    [--publisher NAME] [--reliability A-F] [--tlp LEVEL] [--name NAME]
       threatbrief taxii list [--json]
       threatbrief taxii remove ID
       threatbrief taxii pull [ID...] [--json]`;

export const taxiiCommand: Command = {
  name: 'taxii',
  summary: summaryOf('taxii'),
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      collection: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      token: { type: 'string' },
      publisher: { type: 'string' },
      reliability: { type: 'string' },
      tlp: { type: 'string' },
      name: { type: 'string' },
    });
    const [action, ...rest] = positionals;
    if (values.help || !action) {
      io.stdout(
        `${USAGE}\n\n${this.summary}.\nEach pull asks for objects added after the last pull, follows the server's pages, and stores every report and grouping object (with the objects it refers to) as a report.\nCredentials are kept in the database and never printed. \`serve\` pulls on TAXII_POLL_CRON.\n`,
      );
      return values.help ? 0 : 2;
    }
    switch (action) {
      case 'add': {
        if (rest.length !== 1) throw usageError(this, 'name the API root address');
        if (!values.collection) throw usageError(this, '--collection ID is required');
        if (values.token && (values.user || values.password))
          throw usageError(this, 'use either --user and --password, or --token');
        if (Boolean(values.user) !== Boolean(values.password))
          throw usageError(this, '--user and --password go together');
        const auth: SourceAuth | null = values.token
          ? { kind: 'token', token: values.token }
          : values.user
            ? { kind: 'basic', user: values.user, password: values.password! }
            : null;
        const reliability =
          values.reliability === undefined ? undefined : parseReliability(values.reliability);
        if (values.reliability !== undefined && !reliability)
          throw usageError(this, `--reliability "${values.reliability}" is not A-F`);
        const tlp = values.tlp === undefined ? undefined : parseTlp(values.tlp);
        if (values.tlp !== undefined && !tlp)
          throw usageError(this, `--tlp "${values.tlp}" is not a TLP label`);
        return withApp(io, values.db, async (app) => {
          const { source, status } = await addCollection(
            app.store,
            rest[0]!,
            {
              collection: values.collection!,
              auth,
              publisher: values.publisher,
              reliability,
              tlp,
              name: values.name,
            },
            app.clock.now(),
          );
          if (values.json) printJson(io, { status, collection: collectionView(source) });
          else
            io.stdout(
              status === 'added'
                ? `added ${source.id} (collection ${values.collection} at ${source.url}); \`threatbrief taxii pull ${source.id}\` pulls it now\n`
                : `already added as ${source.id}\n`,
            );
          return 0;
        });
      }
      case 'list':
        return withApp(io, values.db, async (app) => {
          const views = (await app.store.listSources('taxii')).map(collectionView);
          if (values.json) printJson(io, { collections: views });
          else if (views.length === 0) io.stdout('no TAXII collections yet\n');
          else
            io.stdout(
              `${table(
                views.map((v) => [
                  v.id,
                  v.enabled ? 'on ' : 'off',
                  String(v.reportsStored),
                  `${v.collection} at ${v.url}  auth ${v.auth}  ${v.lastError ? `failing: ${v.lastError}` : v.addedAfter ? `added after ${v.addedAfter}` : 'not pulled yet'}`,
                ]),
                io.columns,
              )}\n`,
            );
          return 0;
        });
      case 'remove':
        if (rest.length !== 1) throw usageError(this, 'name one collection to remove');
        return withApp(io, values.db, async (app) => {
          const source = await findCollection(app.store, rest[0]!);
          await app.store.removeSource(source.id);
          io.stdout(`removed ${source.id}\n`);
          return 0;
        });
      case 'pull':
        return withApp(io, values.db, async (app) => {
          const ids = [];
          for (const ref of rest) ids.push((await findCollection(app.store, ref)).id);
          const results = await pullCollections(app.sources, {
            dueOnly: false,
            ids: ids.length ? ids : undefined,
          });
          if (values.json) printJson(io, { collections: results });
          else {
            for (const r of results)
              io.stdout(
                r.status === 'failed'
                  ? `failed  ${r.id}: ${r.error}\n`
                  : `pulled  ${r.id}: ${r.pages} page${r.pages === 1 ? '' : 's'}, ${r.objects} objects, ${r.reports} new reports, ${r.stored} stored${r.rejected.length ? `, ${r.rejected.length} rejected` : ''}\n`,
              );
            if (results.length === 0) io.stdout('no TAXII collections to pull\n');
          }
          return results.some((r) => r.status === 'failed' || r.rejected.length) ? 1 : 0;
        });
      default:
        throw usageError(this, `unknown taxii action "${action}"`);
    }
  },
};
