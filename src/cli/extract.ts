/** @module `threatbrief extract FILE`: what analysis finds in one document, without storing it. */

import type { AnalysisService } from '../core/analysis/analysis-service.ts';
import { catalogEntriesFromLinkedObjects } from '../core/analysis/catalog/from-stix.ts';
import { asThreatBriefError, ThreatBriefError } from '../core/errors.ts';
import { prepareReport } from '../core/ingest/prepare-report.ts';
import type { Mention, ReportAnalysis } from '../core/model/analysis.ts';
import { defang, indicatorType } from '../core/text/defang.ts';
import { fileDocuments } from '../sources/files/file-documents.ts';
import {
  COMMON_OPTIONS,
  type Command,
  parseCommandArgs,
  printJson,
  usageError,
} from './command.ts';
import { summaryOf } from './commands.ts';
import { shown } from './format.ts';
import { withApp } from './with-app.ts';

function distinct(mentions: Mention[], kind: Mention['kind']): string[] {
  return [...new Set(mentions.filter((m) => m.kind === kind).map((m) => m.canonical))];
}

export function extractionJson(analysis: ReportAnalysis, service: AnalysisService) {
  const { mentions } = analysis;
  const named = (kind: 'actor' | 'malware' | 'tool') =>
    [...new Map(mentions.filter((m) => m.kind === kind).map((m) => [m.canonical, m])).values()].map(
      (m) => ({
        name: m.surface,
        canonical: m.canonical,
        ...(kind === 'actor'
          ? { aliases: service.catalog.find(m.canonical, 'actor')?.aliases ?? [] }
          : {}),
        mentions: mentions.filter((x) => x.kind === kind && x.canonical === m.canonical).length,
      }),
    );
  return {
    actors: named('actor'),
    malware: named('malware'),
    tools: named('tool'),
    cves: distinct(mentions, 'cve'),
    techniques: distinct(mentions, 'technique'),
    sectors: distinct(mentions, 'sector'),
    regions: distinct(mentions, 'region'),
    countries: distinct(mentions, 'country'),
    technologies: distinct(mentions, 'technology'),
    originators: distinct(mentions, 'originator'),
    indicators: distinct(mentions, 'indicator').map((value) => ({
      type: indicatorType(value),
      value: defang(value),
    })),
    claims: analysis.claims.map((c) => ({
      subject: c.subject,
      relation: c.relation,
      object: c.object,
      strength: c.strength,
      stance: c.stance,
      originator: c.originator,
      cues: c.cues,
      quote: c.quote,
    })),
    facts: analysis.facts.map((f) => ({
      subject: f.subject,
      kind: f.kind,
      value: f.value,
      quote: f.quote,
    })),
  };
}

/** How each kind of fact reads in a line: "<actor> uses malware NET-STAR". */
const FACT_WORDS: Record<string, string> = {
  'activity-start': 'active since',
  'uses:malware': 'uses malware',
  'uses:tool': 'uses tool',
  'uses:technique': 'uses technique',
  'exploits:cve': 'exploits',
  indicator: 'has indicator',
  'targets:sector': 'targets sector',
  'targets:region': 'targets region',
  'targets:country': 'targets country',
  'targets:technology': 'targets technology',
};

export const extractCommand: Command = {
  name: 'extract',
  summary: summaryOf('extract'),
  usage: 'threatbrief extract FILE [--db FILE] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(this, args, COMMON_OPTIONS);
    if (values.help) {
      io.stdout(
        `${this.usage}\n\n${this.summary}. Uses the built-in catalog plus anything imported into the database.\n`,
      );
      return 0;
    }
    if (positionals.length !== 1) throw usageError(this, 'name exactly one file');
    return withApp(io, values.db, async (app) => {
      const [doc] = await fileDocuments(positionals, { maxBytes: app.config.INGEST_MAX_BYTES });
      let drafts: Awaited<ReturnType<NonNullable<typeof doc>['read']>>;
      try {
        drafts = await doc!.read();
      } catch (error) {
        // Say which file: the reason alone ("no such file or folder") does not.
        const coded = asThreatBriefError(error, 'unreadable');
        throw new ThreatBriefError(coded.code, `${doc!.origin}: ${coded.message}`, {
          cause: error,
        });
      }
      const results = drafts.map((draft) => {
        const { report, linkedObjects } = prepareReport(
          draft,
          doc!.origin,
          { defaultTlp: app.config.DEFAULT_TLP },
          app.clock.now(),
        );
        app.analysis.learn(catalogEntriesFromLinkedObjects(linkedObjects, report.tlp));
        const analysis = app.analysis.analyze(report);
        return {
          title: report.title,
          publisher: report.publisher,
          published: report.published,
          tlp: report.tlp,
          ...extractionJson(analysis, app.analysis),
        };
      });
      if (values.json) {
        printJson(
          io,
          results.length === 1
            ? { file: doc!.origin, ...results[0] }
            : { file: doc!.origin, reports: results },
        );
        return 0;
      }
      for (const r of results) {
        const line = (label: string, items: string[]) => {
          if (items.length) io.stdout(`${label.padEnd(13)}${items.map(shown).join(', ')}\n`);
        };
        io.stdout(
          `${shown(r.title)}\n${shown(r.publisher ?? 'unknown publisher')} · ${shown(r.published?.slice(0, 10) ?? 'undated')} · TLP:${r.tlp}\n\n`,
        );
        line(
          'actors',
          r.actors.map((a) =>
            a.name === a.canonical ? a.canonical : `${a.canonical} (as "${a.name}")`,
          ),
        );
        line(
          'malware',
          r.malware.map((m) => m.canonical),
        );
        line(
          'tools',
          r.tools.map((m) => m.canonical),
        );
        line('sectors', r.sectors);
        line('regions', r.regions);
        line('countries', r.countries);
        line('technologies', r.technologies);
        line('CVEs', r.cves);
        line('techniques', r.techniques);
        line(
          'indicators',
          r.indicators.map((i) => i.value),
        );
        line('originators', r.originators);
        for (const c of r.claims) {
          io.stdout(
            `claim        ${shown(`${c.subject} ${c.relation} ${c.object}`)} — ${c.strength}, ${c.stance}${c.originator ? `, per ${shown(c.originator)}` : ''}\n             "${shown(c.quote)}"\n`,
          );
        }
        for (const f of r.facts)
          io.stdout(
            `fact         ${shown(f.subject)} ${FACT_WORDS[f.kind] ?? f.kind} ${shown(f.value)}: "${shown(f.quote)}"\n`,
          );
        io.stdout('\n');
      }
      return 0;
    });
  },
};
