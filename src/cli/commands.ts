/**
 * @module The command table: names and one-line summaries for help, and each command's module
 * loaded only when that command runs, so `threatbrief actor X` never loads a chat SDK, an HTML
 * parser or the model client.
 */
import type { Command } from './command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'start',
    summary:
      'run the bot when Slack or Teams is configured, else the local console (first run stores the example reports)',
    load: async () => (await import('./start.ts')).startCommand,
  },
  {
    name: 'serve',
    summary: 'run the Slack and/or Teams bot (whichever is configured) with scheduled briefings',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'ingest',
    summary:
      'store reports from files, folders and web addresses (txt, md, html, pdf, STIX 2.1, MISP)',
    load: async () => (await import('./ingest.ts')).ingestCommand,
  },
  {
    name: 'feeds',
    summary: 'subscribe to RSS, Atom and JSON feeds; list, enable, remove and poll them',
    load: async () => (await import('./feeds.ts')).feedsCommand,
  },
  {
    name: 'taxii',
    summary: 'pull STIX reports from TAXII 2.1 collections (add, list, remove, pull)',
    load: async () => (await import('./taxii.ts')).taxiiCommand,
  },
  {
    name: 'reports',
    summary: 'list stored reports (newest ingested first)',
    load: async () => (await import('./reports.ts')).reportsCommand,
  },
  {
    name: 'search',
    summary: 'full-text search over stored passages',
    load: async () => (await import('./search.ts')).searchCommand,
  },
  {
    name: 'actor',
    summary:
      'profile of a threat actor: aliases, attribution with confidence and basis, targets, tools, sources',
    load: async () => (await import('./answer-commands.ts')).actorCommand,
  },
  {
    name: 'ask',
    summary: 'ask a question; answers cite stored reports, and --thread keeps follow-up context',
    load: async () => (await import('./answer-commands.ts')).askCommand,
  },
  {
    name: 'digest',
    summary: 'a briefing of the reports ingested in a period (default: the last 24 hours)',
    load: async () => (await import('./digest.ts')).digestCommand,
  },
  {
    name: 'schedule',
    summary: 'list briefing subscriptions with their next runs',
    load: async () => (await import('./digest.ts')).scheduleCommand,
  },
  {
    name: 'extract',
    summary:
      'show the actors, malware, targets, indicators and attribution claims in one file (nothing is stored)',
    load: async () => (await import('./extract.ts')).extractCommand,
  },
  {
    name: 'catalog',
    summary:
      'import actor catalogs (MITRE ATT&CK STIX, MISP galaxy), sync them from their public locations, or show an entry',
    load: async () => (await import('./catalog.ts')).catalogCommand,
  },
  {
    name: 'reanalyze',
    summary: 'recompute the analysis of every stored report (after a catalog import)',
    load: async () => (await import('./reanalyze.ts')).reanalyzeCommand,
  },
  {
    name: 'db',
    summary:
      'copy a whole database between a SQLite file and PostgreSQL (either way), then verify it',
    load: async () => (await import('./db.ts')).dbCommand,
  },
];

/** The one-line summary of a command, as help lists it. */
export function summaryOf(name: string): string {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new Error(`no command named ${name}`);
  return entry.summary;
}
