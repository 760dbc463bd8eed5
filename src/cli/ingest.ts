/** @module `threatbrief ingest PATH...`: files and folders into the store, one result per file. */
import { ingestDocuments } from '../core/ingest/ingest-documents.ts';
import { parseReliability } from '../core/model/reliability.ts';
import { parseTlp } from '../core/model/tlp.ts';
import { fileDocuments } from '../sources/files/file-documents.ts';
import { isWebAddress, urlDocuments } from '../sources/web/web-documents.ts';
import {
  COMMON_OPTIONS,
  type Command,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { named, shown } from './format.ts';
import { progressBar } from './progress.ts';
import { withApp } from './with-app.ts';

const LISTED_DUPLICATES = 20;
const LISTED_STORED = 50;

export const ingestCommand: Command = {
  name: 'ingest',
  summary: summaryOf('ingest'),
  usage:
    'threatbrief ingest PATH|URL... [--tlp LEVEL] [--publisher NAME] [--reliability A-F] [--db FILE] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, {
      ...COMMON_OPTIONS,
      tlp: { type: 'string' },
      publisher: { type: 'string' },
      reliability: { type: 'string' },
    });
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}.\n--tlp raises every report to at least LEVEL; a document's own marking is kept when stricter.\n--publisher and --reliability apply to documents that do not say.\n`,
      );
      return 0;
    }
    if (positionals.length === 0) throw usageError(this, 'name at least one file or folder');
    const tlp = values.tlp === undefined ? undefined : parseTlp(values.tlp);
    if (values.tlp !== undefined && !tlp)
      throw usageError(
        this,
        `--tlp "${values.tlp}" is not a TLP label (CLEAR, GREEN, AMBER, AMBER+STRICT, RED)`,
      );
    const reliability =
      values.reliability === undefined ? undefined : parseReliability(values.reliability);
    if (values.reliability !== undefined && !reliability)
      throw usageError(
        this,
        `--reliability "${values.reliability}" is not an Admiralty grade (A-F)`,
      );

    return withApp(io, values.db, async (app) => {
      // Addresses are fetched under the source limits (FETCH_MAX_BYTES, private addresses refused).
      const urls = positionals.filter(isWebAddress);
      const documents = [
        ...(await fileDocuments(
          positionals.filter((p) => !isWebAddress(p)),
          { maxBytes: app.config.INGEST_MAX_BYTES },
        )),
        ...urlDocuments(urls, app.web),
      ];
      const bar = progressBar(io, 'ingesting');
      const summary = await ingestDocuments(
        { store: app.store, clock: app.clock, analysis: app.analysis },
        documents,
        {
          defaultTlp: app.config.DEFAULT_TLP,
          tlp,
          publisher: values.publisher,
          reliability,
          onProgress: (p) => bar.update(p.done, p.total, p.origin),
        },
      );
      bar.finish();
      if (values.json) {
        printJson(io, summary);
      } else {
        const duplicates = summary.documents.flatMap((d) =>
          d.status === 'ok'
            ? d.reports
                .filter((r) => r.status === 'duplicate')
                .map((r) => ({ origin: d.origin, ...r }))
            : [],
        );
        for (const d of duplicates.slice(0, LISTED_DUPLICATES)) {
          io.stdout(
            `duplicate  ${named(d.origin)}: already stored as ${d.id} "${shown(d.title)}"\n`,
          );
        }
        if (duplicates.length > LISTED_DUPLICATES) {
          io.stdout(
            `duplicate  … and ${duplicates.length - LISTED_DUPLICATES} more already stored\n`,
          );
        }
        // The label each report was stored with, each part's where parts differ, and markings
        // not taken at face value: the person ingesting checks these before anyone asks.
        const stored = summary.documents.flatMap((d) =>
          d.status === 'ok'
            ? d.reports
                .filter((r) => r.status === 'stored')
                .map((r) => ({ origin: d.origin, ...r }))
            : [],
        );
        for (const r of stored.slice(0, LISTED_STORED))
          io.stdout(`stored     ${named(r.origin)}: ${r.id} TLP:${r.tlp} "${shown(r.title)}"\n`);
        if (stored.length > LISTED_STORED)
          io.stdout(`stored     … and ${stored.length - LISTED_STORED} more (--json lists each)\n`);
        for (const d of summary.documents) {
          if (d.status !== 'ok') continue;
          for (const r of d.reports) {
            if (r.parts?.length)
              io.stdout(
                `marking    ${named(d.origin)}: ${r.id} stored as TLP:${r.tlp}; parts: ${r.parts.map((p) => `${shown(p.part)} TLP:${p.tlp}`).join(', ')}\n`,
              );
            for (const w of r.warnings ?? [])
              io.stdout(`warning    ${named(d.origin)}: ${r.id} ${shown(w)}\n`);
          }
        }
        for (const r of summary.rejected)
          io.stdout(`rejected   ${named(r.path)}: ${named(shown(r.error))}\n`);
        io.stdout(
          `${summary.ingested} stored, ${summary.duplicates} duplicate${summary.duplicates === 1 ? '' : 's'}, ` +
            `${summary.rejected.length} rejected (${documents.length} file${documents.length === 1 ? '' : 's'}) in ${named(app.config.THREATBRIEF_DB)}\n`,
        );
      }
      return summary.rejected.length > 0 ? 1 : 0;
    });
  },
};
