/** @module `threatbrief catalog import FILE` and `catalog show NAME`: the actor and software catalog. */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CatalogEntryInput } from '../core/analysis/catalog/catalog.ts';
import { readMispGalaxy } from '../core/analysis/catalog/from-misp-galaxy.ts';
import { catalogEntriesFromStix } from '../core/analysis/catalog/from-stix.ts';
import { ThreatBriefError } from '../core/errors.ts';
import { StixBundleSchema } from '../core/model/stix.ts';
import type { CatalogOrigin } from '../core/ports/catalog-store.ts';
import { formatBytes } from '../core/text/bytes.ts';
import { type CatalogSyncResult, syncCatalogs } from '../sources/catalog/catalog-sync.ts';
import {
  type CliIO,
  COMMON_OPTIONS,
  type Command,
  clearanceOption,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { withApp } from './with-app.ts';

/** ATT&CK's enterprise bundle is tens of megabytes; catalogs get more room than reports. */
const MAX_CATALOG_BYTES = 256 * 1024 * 1024;

/** Reads an ATT&CK-style STIX bundle or a MISP galaxy file into catalog entries, with clear errors. */
export async function readCatalogFile(
  path: string,
): Promise<{ format: string; entries: CatalogEntryInput[]; skipped: number }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ThreatBriefError('not_found', `${path}: no such file`);
  }
  if (size > MAX_CATALOG_BYTES)
    throw new ThreatBriefError(
      'too_large',
      `${path}: ${formatBytes(size)} is over ${formatBytes(MAX_CATALOG_BYTES)}`,
    );
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ThreatBriefError(
      'invalid_json',
      `${path}: invalid JSON: ${(error as Error).message}`,
    );
  }
  return catalogEntriesFromJson(json, path);
}

/** Catalog entries from parsed JSON (a file's or a fetched body's); `path` names it in errors. */
export function catalogEntriesFromJson(
  json: unknown,
  path: string,
): { format: string; entries: CatalogEntryInput[]; skipped: number } {
  if ((json as { type?: unknown })?.type === 'bundle') {
    const bundle = StixBundleSchema.safeParse(json);
    if (!bundle.success)
      throw new ThreatBriefError(
        'invalid_stix',
        `${path}: not a valid STIX 2.1 bundle (${bundle.error.issues[0]!.message})`,
      );
    const { entries, skipped } = catalogEntriesFromStix(bundle.data.objects, 'attack');
    if (entries.length === 0)
      throw new ThreatBriefError(
        'invalid_stix',
        `${path}: the bundle has no intrusion-set, threat-actor, malware or tool objects`,
      );
    return { format: 'STIX bundle (ATT&CK style)', entries, skipped };
  }
  if (Array.isArray((json as { values?: unknown })?.values)) {
    const galaxy = readMispGalaxy(json);
    return { format: 'MISP galaxy', entries: galaxy.entries, skipped: galaxy.skipped.length };
  }
  throw new ThreatBriefError(
    'unsupported_type',
    `${path}: neither a STIX bundle (ATT&CK) nor a MISP galaxy file`,
  );
}

export const catalogCommand: Command = {
  name: 'catalog',
  summary: summaryOf('catalog'),
  usage:
    'threatbrief catalog import FILE | threatbrief catalog sync [--url URL]... | threatbrief catalog show NAME [--clearance LEVEL] [--db FILE] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      url: { type: 'string', multiple: true },
      clearance: { type: 'string' },
    });
    const [action, ...rest] = positionals;
    if (values.help || !action) {
      io.stdout(
        `${this.usage}\n\n${this.summary}.\nImported names are kept in the database and used by every later ingest; run \`threatbrief reanalyze\` to apply them to reports already stored.\n`,
      );
      return values.help ? 0 : 2;
    }
    if (action === 'import') {
      if (rest.length !== 1) throw usageError(this, 'name one catalog file to import');
      return withApp(io, values.db, async (app) => {
        const { format, entries, skipped } = await readCatalogFile(rest[0]!);
        const result = await app.analysis.import(app.store, entries, resolve(rest[0]!));
        const summary = {
          file: rest[0],
          format,
          entries: entries.length,
          added: result.added,
          merged: result.merged,
          newAliases: result.newAliases,
          skippedRevoked: skipped,
          clashes: result.clashes,
        };
        if (values.json) printJson(io, summary);
        else {
          io.stdout(
            `${format}: ${entries.length} entries, ${result.added} new, ${result.merged} merged into known ones (${result.newAliases} new aliases)` +
              `${skipped ? `, ${skipped} revoked or deprecated skipped` : ''}.\n`,
          );
          for (const c of result.clashes.slice(0, 10))
            io.stdout(`  kept "${c.alias}" for ${c.ownedBy}, not ${c.wanted}\n`);
          if (result.clashes.length > 10)
            io.stdout(`  … and ${result.clashes.length - 10} more names already taken\n`);
          io.stdout(
            'Run `threatbrief reanalyze` to apply the new names to reports already stored.\n',
          );
        }
        return 0;
      });
    }
    if (action === 'sync') {
      if (rest.length) throw usageError(this, 'sync takes no names; use --url to pick locations');
      return withApp(io, values.db, async (app) => {
        const urls = values.url?.length ? values.url : app.config.CATALOG_SYNC_URLS;
        const results = await syncCatalogs(app.sources, urls, catalogEntriesFromJson);
        if (values.json) printJson(io, { catalogs: results });
        else printSync(io, results);
        return results.some((r) => r.status === 'failed') ? 1 : 0;
      });
    }
    if (action === 'show') {
      const name = rest.join(' ').trim();
      if (!name) throw usageError(this, 'name an actor or malware family');
      const clearanceArg = clearanceOption(this, values.clearance);
      return withApp(io, values.db, async (app) => {
        // Names learned from marked reports show only to a reader cleared for them.
        const clearance = clearanceArg ?? app.config.LOCAL_CLEARANCE;
        const hits = (await app.analysis.at(clearance)).catalog.lookup(name);
        if (hits.length === 0) {
          io.stderr(`threatbrief catalog: "${name}" is not in the catalog\n`);
          return 1;
        }
        const entries = hits.map((h) => h.entry);
        const origins = await Promise.all(
          entries.map((e) => app.store.catalogOrigins(e.kind, [e.name, ...e.aliases], clearance)),
        );
        if (values.json) {
          printJson(io, {
            query: name,
            entries: entries.map((e, i) => ({ ...e, origins: originsOf(e.source, origins[i]!) })),
          });
          return 0;
        }
        for (const [i, e] of entries.entries()) {
          io.stdout(`${e.name} (${e.kind}${e.category ? `, ${e.category}` : ''})\n`);
          if (e.aliases.length) io.stdout(`  aliases: ${e.aliases.join(', ')}\n`);
          if (e.country)
            io.stdout(
              `  suspected country: ${e.country}${e.sponsor ? `, sponsor: ${e.sponsor}` : ''}\n`,
            );
          if (e.motivation.length) io.stdout(`  motivation: ${e.motivation.join(', ')}\n`);
          if (e.related.length)
            io.stdout(`  ${e.kind === 'actor' ? 'uses' : 'used by'}: ${e.related.join(', ')}\n`);
          if (e.mitreId) io.stdout(`  ATT&CK: ${e.mitreId}\n`);
          io.stdout(`  source: ${e.source}\n`);
          for (const o of originsOf(e.source, origins[i]!))
            io.stdout(`  from: ${o.origin}${o.at ? ` (${o.source}, changed ${o.at})` : ''}\n`);
        }
        return 0;
      });
    }
    throw usageError(this, `unknown catalog action "${action}"`);
  },
};

/** Where an entry came from: the built-in catalog, and each stored import with its file or URL and time. */
function originsOf(
  source: string,
  stored: CatalogOrigin[],
): { source: string; origin: string; at: string | null }[] {
  return [
    ...(source === 'builtin'
      ? [{ source: 'builtin', origin: 'the built-in catalog', at: null }]
      : []),
    ...stored.map((o) => ({
      source: o.source,
      origin:
        o.origin ?? (o.source === 'stix' ? 'a STIX bundle ingested as a report' : 'an import'),
      at: o.savedAt,
    })),
  ];
}

function printSync(io: CliIO, results: CatalogSyncResult[]): void {
  for (const r of results) {
    if (r.status === 'failed') io.stdout(`failed     ${r.url}: ${r.error}\n`);
    else if (r.status === 'unchanged') io.stdout(`unchanged  ${r.url}\n`);
    else
      io.stdout(
        `updated    ${r.url}: ${r.format}, ${r.entries} entries, ${r.added} new, ${r.merged} merged (${r.newAliases} new aliases)\n`,
      );
  }
  if (results.some((r) => r.status === 'updated'))
    io.stdout('Run `threatbrief reanalyze` to apply the new names to reports already stored.\n');
}
