/** @module Settles a parsed draft into a storable report: defaults, normalized text, hash, passages. */
import { ThreatBriefError } from '../errors.ts';
import { settleMarking } from '../model/marking.ts';
import type { Reliability } from '../model/reliability.ts';
import type { NewReport, Report, ReportDraft } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import { parseDate } from '../text/dates.ts';
import { declaresAiGenerated, headlineOf } from '../text/headline.ts';
import { contentHash, normalizeText } from '../text/normalize.ts';
import { chunkText } from './chunk.ts';

/** What the person ingesting said about the batch (`--tlp`, `--publisher`, `--reliability`). */
export interface IngestDefaults {
  /** Label applied when a document carries none. */
  defaultTlp: Tlp;
  /** Label the batch must carry at least: a document marked lower is raised to it, never lowered. */
  tlp?: Tlp | undefined;
  /** Publisher for documents that do not name one. */
  publisher?: string | undefined;
  /** Reliability for documents that do not state one. */
  reliability?: Reliability | undefined;
}

const MAX_TITLE = 200;

/** The title the document gives, else a headline from its opening; never the file name. */
function titleFrom(draft: ReportDraft, text: string): string {
  const given = draft.title?.replace(/\s+/g, ' ').trim();
  if (given) return given.slice(0, MAX_TITLE);
  // A marking line ("TLP:RED") opening a note is its label, not its headline.
  const body = text.replace(/^(?:\s*TLP\s*[:\-_ ]\s*[\w+-]+[ \t]*[.:]?[ \t]*(?:\r?\n|$))+/i, '');
  return headlineOf(body) ?? 'Untitled report';
}

function clean(value: string | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

/** Throws `empty_text` when nothing readable is left after normalization. */
export function prepareReport(
  draft: ReportDraft,
  origin: string,
  defaults: IngestDefaults,
  ingestedAt: Date,
): NewReport {
  const text = normalizeText(draft.text);
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new ThreatBriefError('empty_text', 'no readable text in it');
  }
  const hash = contentHash(text);
  const id = hash.slice(0, 16);
  // Markings are read from the raw text too: a banner line may not survive normalization as is.
  const marking = settleMarking({
    declared: draft.tlp,
    defaultTlp: defaults.defaultTlp,
    minimum: defaults.tlp,
    findings: draft.markings,
    title: draft.title,
    text: draft.text,
  });
  const report: Report = {
    id,
    contentHash: hash,
    title: titleFrom(draft, text),
    url: clean(draft.url),
    publisher: clean(draft.publisher) ?? clean(defaults.publisher),
    author: clean(draft.author),
    published: parseDate(draft.published) ?? null,
    ingestedAt: ingestedAt.toISOString(),
    tlp: marking.tlp,
    reliability: draft.reliability ?? defaults.reliability ?? 'F',
    sourceKind: draft.sourceKind,
    // "AI Generated Content" at the foot of a news page marks it as much as a metadata flag.
    aiGenerated: draft.aiGenerated ?? declaresAiGenerated(text),
    origin,
    text,
  };
  const passages = chunkText(text).map((span, seq) => ({
    reportId: id,
    seq,
    start: span.start,
    end: span.end,
    text: text.slice(span.start, span.end),
  }));
  return {
    report,
    passages,
    linkedObjects: draft.linkedObjects ?? [],
    marking: { parts: marking.parts, warnings: marking.warnings },
  };
}
