/** @module Numbers sources as an answer cites them: one number per report, the exact quotes kept. */
import type { AnswerClaim, Citation } from '../model/answer.ts';
import type { ReportSummary } from '../model/report.ts';

export interface Quoted {
  report: ReportSummary;
  quote: string;
}

export class CitationBook {
  readonly #byReport = new Map<string, { n: number; report: ReportSummary; quotes: string[] }>();

  /** Fixes the numbering up front (e.g. oldest report first), without citing anything yet. */
  reserve(reports: ReportSummary[]): void {
    for (const report of reports) this.#entry(report);
  }

  #entry(report: ReportSummary) {
    let entry = this.#byReport.get(report.id);
    if (!entry) {
      entry = { n: this.#byReport.size + 1, report, quotes: [] };
      this.#byReport.set(report.id, entry);
    }
    return entry;
  }

  /** The number for this report, remembering the quote it was cited for. */
  cite(report: ReportSummary, quote: string): number {
    const entry = this.#entry(report);
    if (quote && !entry.quotes.includes(quote)) entry.quotes.push(quote);
    return entry.n;
  }

  number(reportId: string): number | undefined {
    return this.#byReport.get(reportId)?.n;
  }

  /** A statement backed by the given quotes; marks in the order the evidence is given. */
  claim(text: string, evidence: Quoted[]): AnswerClaim {
    const marks = evidence.map((e) => ({ n: this.cite(e.report, e.quote), quote: e.quote }));
    const unique = marks.filter(
      (m, i) => marks.findIndex((x) => x.n === m.n && x.quote === m.quote) === i,
    );
    return {
      text,
      citations: [...new Set(unique.map((m) => m.n))].sort((a, b) => a - b),
      evidence: unique,
    };
  }

  /** Marks like "[1][2]" for report ids, for basis lines. */
  marks(reportIds: string[]): string {
    const ns = [
      ...new Set(
        reportIds.map((id) => this.number(id)).filter((n): n is number => n !== undefined),
      ),
    ].sort((a, b) => a - b);
    return ns.map((n) => `[${n}]`).join('');
  }

  /** Only sources that some statement actually cites, renumbered 1..n in their original order. */
  build(): { citations: Citation[]; renumber: (n: number) => number } {
    const used = [...this.#byReport.values()]
      .filter((e) => e.quotes.length > 0)
      .sort((a, b) => a.n - b.n);
    const map = new Map(used.map((e, i) => [e.n, i + 1]));
    return {
      citations: used.map((e, i) => ({
        n: i + 1,
        reportId: e.report.id,
        title: e.report.title,
        publisher: e.report.publisher,
        url: e.report.url,
        published: e.report.published,
        tlp: e.report.tlp,
        reliability: e.report.reliability,
        aiGenerated: e.report.aiGenerated,
        quote: e.quotes[0]!,
        quotes: e.quotes,
      })),
      renumber: (n) => map.get(n) ?? n,
    };
  }
}
