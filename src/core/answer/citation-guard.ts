/**
 * @module The citation guard every engine's answer passes before it leaves: sources are checked
 * against the store (the report exists, sits within the request's clearance, and holds each quote
 * verbatim), then statements and attribution lines keep only marks that survived. Whatever fails
 * is dropped and counted, never thrown at the person who asked.
 */
import type { Answer, AnswerClaim, AttributionLine, Citation } from '../model/answer.ts';
import type { Report } from '../model/report.ts';
import { isWithinClearance, type Tlp } from '../model/tlp.ts';

/** What the guard reads: stored reports by id (a narrow slice of the ReportStore port). */
export interface GuardReports {
  getReport(id: string): Promise<Report | undefined>;
}

/** Counts of what was dropped; all zero for an answer that keeps the rules. */
export interface GuardDrops {
  /** Sources whose report is unknown, repeats a number, or kept no verbatim quote. */
  sources: number;
  /** Sources whose stored report sits above the request's clearance. */
  aboveClearance: number;
  /** Quotes not found verbatim in the stored report. */
  quotes: number;
  /** Statements left citing nothing that survived. */
  claims: number;
  /** Attribution lines left citing nothing that survived. */
  attribution: number;
}

export interface GuardResult {
  answer: Answer;
  dropped: GuardDrops;
}

export function droppedTotal(d: GuardDrops): number {
  return d.sources + d.aboveClearance + d.quotes + d.claims + d.attribution;
}

type Verified = Map<number, Set<string>>;

/** Keeps the evidence that points at a surviving quote, and only the marks that evidence backs. */
function guardClaim(claim: AnswerClaim, verified: Verified): AnswerClaim | null {
  const evidence = claim.evidence.filter((e) => verified.get(e.n)?.has(e.quote));
  const backed = new Set(evidence.map((e) => e.n));
  const citations = claim.citations.filter((n) => backed.has(n));
  if (citations.length === 0) return null;
  return { text: claim.text, citations, evidence: evidence.filter((e) => citations.includes(e.n)) };
}

/** Keeps an attribution line's surviving marks; its label and wording are the rubric's, untouched. */
function guardAttribution(line: AttributionLine, verified: Verified): AttributionLine | null {
  const citations = line.citations.filter((n) => verified.has(n));
  // The basis cites what the rubric weighed; a mark to a dropped source would point at nothing.
  const basis = line.basis.replace(/\[(\d+)\]/g, (mark, n: string) =>
    verified.has(Number(n)) ? mark : '',
  );
  const basisCites = /\[\d+\]/.test(basis);
  if (citations.length === 0 && !basisCites) return null;
  return { ...line, citations, basis };
}

/**
 * Checks `answer` against the store for a request at `clearance`. Source metadata (title,
 * publisher, date, TLP, reliability) is restated from the store, so no engine can relabel a
 * report. Numbers are kept as given: a follow-up's "source [2]" keeps its number.
 */
export async function guardAnswer(
  answer: Answer,
  clearance: Tlp,
  reports: GuardReports,
): Promise<GuardResult> {
  const dropped: GuardDrops = {
    sources: 0,
    aboveClearance: 0,
    quotes: 0,
    claims: 0,
    attribution: 0,
  };
  const ids = [...new Set(answer.citations.map((c) => c.reportId))];
  const stored = new Map<string, Report | undefined>(
    await Promise.all(ids.map(async (id) => [id, await reports.getReport(id)] as const)),
  );
  const verified: Verified = new Map();
  const citations: Citation[] = [];
  const aboveClearance = new Set<string>();
  for (const c of answer.citations) {
    const report = stored.get(c.reportId);
    if (!report || verified.has(c.n)) {
      dropped.sources++;
      continue;
    }
    if (!isWithinClearance(report.tlp, clearance)) {
      dropped.aboveClearance++;
      aboveClearance.add(report.id);
      continue;
    }
    const given = [...new Set([...c.quotes, c.quote])];
    const quotes = given.filter((q) => q.trim().length > 0 && report.text.includes(q));
    dropped.quotes += given.length - quotes.length;
    if (quotes.length === 0) {
      dropped.sources++;
      continue;
    }
    verified.set(c.n, new Set(quotes));
    citations.push({
      n: c.n,
      reportId: report.id,
      title: report.title,
      publisher: report.publisher,
      url: report.url,
      published: report.published,
      tlp: report.tlp,
      reliability: report.reliability,
      aiGenerated: report.aiGenerated,
      quote: quotes.includes(c.quote) ? c.quote : quotes[0]!,
      quotes,
    });
  }

  const sections = answer.sections
    .map((s) => {
      const claims = s.claims
        .map((claim) => guardClaim(claim, verified))
        .filter((c): c is AnswerClaim => c !== null);
      dropped.claims += s.claims.length - claims.length;
      return { title: s.title, claims };
    })
    .filter((s) => s.claims.length > 0);
  const attribution = answer.attribution
    .map((line) => guardAttribution(line, verified))
    .filter((a): a is AttributionLine => a !== null);
  dropped.attribution = answer.attribution.length - attribution.length;

  return {
    answer: {
      ...answer,
      sections,
      attribution,
      citations,
      // A report the engine tried to cite above the clearance was left out: it counts as withheld.
      withheld: Math.max(answer.withheld, aboveClearance.size),
      clearance,
    },
    dropped,
  };
}
