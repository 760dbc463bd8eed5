/**
 * @module Retrieval for questions: full-text search over passages, then the sentences that answer
 * best. Words weigh by how rare they are among the passages found (a word in every candidate says
 * little); a sentence must hold every required phrase (an indicator, a CVE id, a name) and most of
 * the question's weight, or it is not an answer. No sentence good enough means "no stored report
 * covers that", never keyword noise.
 */
import type { ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type { PassageHit, ReportStore } from '../ports/report-store.ts';
import { sentenceSpans } from '../text/sentences.ts';
import { findPhrasesIn, textWords } from '../text/snippet.ts';
import type { Phrase } from '../text/terms.ts';
import type { TimeWindow } from '../text/time-window.ts';

export interface RetrievedSentence {
  report: ReportSummary;
  text: string;
  start: number;
  end: number;
  score: number;
  /** Share of the question's weight the sentence holds (0..1). */
  coverage: number;
  /** The sentence before it in the same passage (across a line break too), if any. */
  before?: string;
}

export interface Retrieval {
  sentences: RetrievedSentence[];
  withheld: number;
}

export interface SentenceQuery {
  /**
   * What every answer sentence must hold: one phrase of each group (an identifier, a name with
   * its aliases: "Olympic Destroyer" or "OlympicDestroyer").
   */
  required: Phrase[][];
  /** Phrases that make a sentence a better answer, weighted by rarity. */
  terms: Phrase[];
  /** Words that count as one whichever spelling is found ("Turkey" or "Turkish"). */
  groups?: Phrase[][];
  /** Only sentences of these reports, when given. */
  reportIds?: string[];
  clearance: Tlp;
  limit: number;
  /** Least share of the terms' weight a sentence must hold (default 0.5). */
  minCoverage?: number;
  /** Sentences matching this rank higher (e.g. attribution wording for "who is behind"). */
  prefer?: RegExp;
  /** Only reports published (or, undated, ingested) in this window. */
  window?: TimeWindow | null;
}

const key = (p: Phrase) => p.join(' ');

/** A Markdown link's address and title: "](https://example.com/post "Title")". */
const LINK_TARGET = /\]\([^\s()]*(?:\s+"[^"\n]*")?\)/g;

/**
 * A heading: marked as one ("### ..."), or a short title-cased line of its own with no closing
 * punctuation ("Delivery Chain Overview"). A plain line without a full stop ("TA505 sent Dridex
 * to banks") is a sentence.
 */
function isHeading(passage: string, span: { start: number; end: number }, prose: string): boolean {
  if (/^#{1,6}\s/.test(prose)) return true;
  // "**Linking DPRK threat actors to TA505**": a line in bold with no full stop is a heading too.
  if (/^\*\*[^*]+\*\*$/.test(prose) && !/[.!?]\*\*$/.test(prose)) return true;
  const ownLine =
    (span.start === 0 || passage[span.start - 1] === '\n') &&
    (span.end >= passage.length || passage[span.end] === '\n');
  const words = prose.split(/\s+/);
  return (
    ownLine &&
    !/[.!?:;)\]"”’*_]$/.test(prose) &&
    !/^[*\-•|\d]/.test(prose) &&
    words.length <= 12 &&
    words.filter((w) => /^\p{L}{4,}/u.test(w)).every((w) => /^\p{Lu}/u.test(w))
  );
}

/** "*Figure 2: Complete attack chain*", "Table 1.", "*Figure 11 Example of a beacon*". */
const CAPTION =
  /^[*_\s]*(?:Figure|Fig\.|Image|Table|Screenshot|Exhibit|Illustration)\s*(?:\d+[a-z]?\b|[:.–-])/i;

/**
 * A detection rule or a line of code ('alert tcp $HOME_NET any -> ... (msg:"..."; content:"|00|";')
 * says nothing a reader can quote as a finding: its punctuation outweighs its words.
 */
function isCode(prose: string): boolean {
  const symbols = prose.match(/[;"|{}()=$\\<>^]/g)?.length ?? 0;
  return prose.length >= 40 && symbols / prose.replace(/\s/g, '').length > 0.12;
}

/** A sentence that starts by pointing back ("The attack", "It", "They") needs the one before it. */
const CONTINUES = /^(?:The|This|These|That|Those|It|Its|They|Their|Such|He|She|Both)\b/;

function inWindow(report: ReportSummary, window: TimeWindow | null | undefined): boolean {
  if (!window) return true;
  const at = report.published ?? report.ingestedAt;
  return at >= window.from && at <= window.to;
}

interface Candidates {
  hits: PassageHit[];
  required: Phrase[][];
  /** Each term with its spellings; a term is found when any spelling is. */
  terms: Phrase[][];
  weight: (t: Phrase[]) => number;
  total: number;
  withheld: number;
}

/** Passages holding the query's words, and how much each word weighs among them. */
async function candidates(
  store: Pick<ReportStore, 'searchPassages'>,
  query: Omit<SentenceQuery, 'limit'>,
): Promise<Candidates | null> {
  const required = query.required.map(dedupe).filter((group) => group.length > 0);
  const anyRequired = required.flat();
  const terms: Phrase[][] = [
    ...dedupe(query.terms)
      .filter((t) => !anyRequired.some((r) => key(r) === key(t)))
      .map((t) => [t]),
    ...(query.groups ?? []).map(dedupe).filter((g) => g.length > 0),
  ];
  if (required.length === 0 && terms.length === 0) return null;
  const base = {
    limit: 80,
    clearance: query.clearance,
    ...(query.reportIds ? { reportIds: query.reportIds } : {}),
  };
  const result =
    required.length === 1 && required[0]!.length === 1
      ? await store.searchPassages({ ...base, phrases: required[0]!, match: 'all' })
      : required.length
        ? await store.searchPassages({ ...base, phrases: anyRequired, match: 'any' })
        : await store.searchPassages({ ...base, phrases: terms.flat(), match: 'any' });
  const hits = result.hits.filter((h) => inWindow(h.report, query.window));
  // How many candidate passages hold each phrase: the rarer, the more it says.
  const df = new Map<string, number>();
  const groupKey = (g: Phrase[]) => g.map(key).join('|');
  for (const hit of hits) {
    const words = textWords(hit.passage.text);
    for (const t of terms)
      if (findPhrasesIn(words, t).length) df.set(groupKey(t), (df.get(groupKey(t)) ?? 0) + 1);
  }
  const weight = (t: Phrase[]) =>
    Math.log(1 + (hits.length + 1) / ((df.get(groupKey(t)) ?? 0) + 1)) *
    (t.some((p) => p.length > 1) ? 1.5 : 1);
  const total = terms.reduce((sum, t) => sum + weight(t), 0);
  return { hits, required, terms, weight, total, withheld: result.withheldReports };
}

export interface RankedReport {
  report: ReportSummary;
  /** Share of the query's weight the report's matching passages hold together (0..1). */
  coverage: number;
}

/**
 * Reports ranked by how much of a question they hold ("the Buer/Bazar termination-phishing
 * campaign"): the report a question is about holds most of its rare words.
 */
export async function rankReports(
  store: Pick<ReportStore, 'searchPassages'>,
  query: Omit<SentenceQuery, 'limit'>,
): Promise<{ reports: RankedReport[]; withheld: number }> {
  const c = await candidates(store, query);
  if (!c) return { reports: [], withheld: 0 };
  const ranked = (hits: PassageHit[]) => {
    const byReport = new Map<string, { report: ReportSummary; text: string }>();
    for (const hit of hits) {
      const seen = byReport.get(hit.report.id);
      byReport.set(hit.report.id, {
        report: hit.report,
        text: `${seen?.text ?? ''}\n${hit.passage.text}`,
      });
    }
    return [...byReport.values()]
      .map(({ report, text }) => ({ report, words: textWords(text) }))
      .filter((r) => c.required.every((group) => findPhrasesIn(r.words, group).length > 0))
      .map(({ report, words }) => ({
        report,
        coverage:
          c.total > 0
            ? c.terms
                .filter((t) => findPhrasesIn(words, t).length > 0)
                .reduce((sum, t) => sum + c.weight(t), 0) / c.total
            : 1,
      }))
      .sort((a, b) => b.coverage - a.coverage);
  };
  const near = ranked(c.hits);
  // Words near what is required decide. When no report holds most of them there, the passages
  // naming it may just be apart from the rest ("Raccoon" in one paragraph, "fake VPN installer"
  // in another): the words anywhere in those reports count.
  if (!c.required.length || !c.terms.length || (near[0]?.coverage ?? 0) >= 0.6)
    return { reports: near, withheld: c.withheld };
  const more = await store.searchPassages({
    phrases: c.terms.flat(),
    match: 'any',
    limit: 80,
    clearance: query.clearance,
    reportIds: [...new Set(c.hits.map((h) => h.report.id))],
  });
  return { reports: ranked([...c.hits, ...more.hits]), withheld: c.withheld };
}

export async function findSentences(
  store: Pick<ReportStore, 'searchPassages'>,
  query: SentenceQuery,
): Promise<Retrieval> {
  const c = await candidates(store, query);
  if (!c) return { sentences: [], withheld: 0 };
  const { hits, required, terms, weight, total } = c;
  const minCoverage = query.minCoverage ?? (required.length ? 0 : 0.34);
  const scored: RetrievedSentence[] = [];
  for (const hit of hits) {
    const spans = sentenceSpans(hit.passage.text);
    spans.forEach((span, i) => {
      const own = hit.passage.text.slice(span.start, span.end);
      // Headings and fragments ("Malware") answer nothing on their own.
      // Images ("![Figure 3](/images/...)") say nothing an answer can quote; what is left must.
      const prose = own.replace(/!\[[^\]]*\]\([^)]*\)/g, '').trim();
      if (prose.length < 25 || !/\s\S+\s/.test(prose)) return;
      // A figure's caption labels a picture; the title repeated at the top is no finding.
      // Headings ("### Demystifying the attack chain") name a section; they state nothing.
      // "4.Trickbot Brief: Creds and Beacons" is a numbered heading; "The beacon came from:" only
      // leads into a list; "2810128 - ETPRO MALWARE Bandook Beacon" names a detection signature.
      const unnumbered = prose.replace(/^\d{1,2}[.)]\s*(?=\p{Lu})/u, '');
      if (
        CAPTION.test(prose) ||
        isCode(prose) ||
        prose.endsWith(':') ||
        /^\d{5,}\s/.test(prose) ||
        isHeading(hit.passage.text, span, unnumbered) ||
        prose === hit.report.title.trim()
      )
        return;
      // "The attack ... was on Universal Health Services": the sentence before says whose attack.
      const previous = spans[i - 1];
      const joined =
        previous &&
        CONTINUES.test(own) &&
        !hit.passage.text.slice(previous.end, span.start).includes('\n');
      const from = joined ? previous.start : span.start;
      const text = hit.passage.text.slice(from, span.end);
      // Words count where a reader sees them: not inside a link's address ("/minebridge-rat").
      const read = text.replace(LINK_TARGET, ']');
      const readWords = textWords(read);
      if (required.some((group) => findPhrasesIn(readWords, group).length === 0)) return;
      const matched = terms.filter((t) => findPhrasesIn(readWords, t).length > 0);
      if (matched.length && required.length === 0) {
        const ownWords = textWords(own);
        if (!matched.some((t) => findPhrasesIn(ownWords, t).length > 0)) return;
      }
      const got = matched.reduce((sum, t) => sum + weight(t), 0);
      const coverage = total > 0 ? got / total : 1;
      if (coverage < minCoverage) return;
      const prior = spans[joined ? i - 2 : i - 1];
      scored.push({
        report: hit.report,
        text,
        start: hit.passage.start + from,
        end: hit.passage.start + span.end,
        coverage,
        ...(prior ? { before: hit.passage.text.slice(prior.start, prior.end) } : {}),
        score:
          got + required.length * 2 + (query.prefer?.test(text) ? 1.5 : 0) - text.length / 2000,
      });
    });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score || (b.report.published ?? '').localeCompare(a.report.published ?? ''),
  );
  // One copy of each sentence: the same line often opens several passages of a syndicated story.
  const best = new Map<string, RetrievedSentence>();
  for (const s of scored) if (!best.has(s.text)) best.set(s.text, s);
  return { sentences: [...best.values()].slice(0, query.limit), withheld: c.withheld };
}

function dedupe(phrases: Phrase[]): Phrase[] {
  const seen = new Set<string>();
  return phrases.filter((p) => {
    if (p.length === 0 || seen.has(key(p))) return false;
    seen.add(key(p));
    return true;
  });
}
