/** @module Passage search as users expect it: every word if possible, any word otherwise, with snippets. */
import type { Passage, ReportSummary } from '../model/report.ts';
import type { Tlp } from '../model/tlp.ts';
import type { ReportStore } from '../ports/report-store.ts';
import { makeSnippet, type Snippet } from '../text/snippet.ts';
import { queryPhrases } from '../text/terms.ts';

export interface SearchResultItem {
  rank: number;
  report: ReportSummary;
  passage: Passage;
  snippet: Snippet;
  score: number;
}

export interface SearchResult {
  query: string;
  /** "all" when every word matched together, "any" when the search had to loosen. */
  matched: 'all' | 'any' | 'none';
  items: SearchResultItem[];
  withheld: number;
}

export async function searchPassages(
  store: ReportStore,
  query: string,
  options: { limit: number; clearance: Tlp },
): Promise<SearchResult> {
  const phrases = queryPhrases(query);
  if (phrases.length === 0) return { query, matched: 'none', items: [], withheld: 0 };
  let matched: 'all' | 'any' = 'all';
  let result = await store.searchPassages({
    phrases,
    match: 'all',
    limit: options.limit,
    clearance: options.clearance,
  });
  if (result.hits.length === 0 && phrases.length > 1) {
    matched = 'any';
    result = await store.searchPassages({
      phrases,
      match: 'any',
      limit: options.limit,
      clearance: options.clearance,
    });
  }
  return {
    query,
    matched: result.hits.length ? matched : 'none',
    withheld: result.withheldReports,
    items: result.hits.map((hit, i) => ({
      rank: i + 1,
      report: hit.report,
      passage: hit.passage,
      snippet: makeSnippet(hit.passage.text, phrases),
      score: hit.score,
    })),
  };
}
