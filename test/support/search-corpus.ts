/**
 * A small corpus for passage-search tests: 40 reports of one to four paragraphs, words repeated
 * unevenly, some marked AMBER or RED, the searches run over it (words, then how they match), and
 * the check both stores' scoped searches must pass.
 */
import { expect } from 'vitest';
import type { PassageSearch, ReportStore } from '../../src/core/ports/report-store.ts';
import { queryPhrases } from '../../src/core/text/terms.ts';
import { newReport } from './reports.ts';

const SENTENCES = [
  'APT29 delivered a loader through spear-phishing emails to diplomatic targets.',
  'The loader drops Cobalt Strike beacons; the malware persists via scheduled tasks.',
  'Researchers attributed the campaign to a state-sponsored group with moderate confidence.',
  'Café owners in Zürich received invoices carrying the payload, a backdoor named Résumé.',
  'Ransomware operators distribute the malware and deploy it after weeks of access.',
  'Nothing else happened in this paragraph about budgets, travel and staffing.',
  'The backdoor installs itself, the loader deploys a second stage and malware, malware, malware.',
];

export function searchCorpus() {
  return Array.from({ length: 40 }, (_, i) => {
    const paragraphs = Array.from(
      { length: 1 + (i % 4) },
      (_, k) =>
        `${SENTENCES[(i + k) % SENTENCES.length]} ${SENTENCES[(i * 3 + k) % SENTENCES.length]} Report ${i}.`,
    );
    return newReport(paragraphs.join('\n\n'), {
      title: `Report ${i}`,
      ...(i % 9 === 4 ? { tlp: 'AMBER' as const } : i % 7 === 3 ? { tlp: 'RED' as const } : {}),
    });
  });
}

/** Searches over the corpus: many words, punctuation, accents folded, all words, no hit. */
export const SEARCHES = [
  ['malware loader payload backdoor delivered deployed installs distributes', 'any'],
  ['cobalt strike, spear phishing, malware', 'any'],
  ['loader malware', 'all'],
  ['cafe zurich resume', 'any'],
  ['attributed state sponsored', 'all'],
  ['kerberoasting', 'any'],
] as const;

/**
 * Checks that a search within some of `reports` finds, orders and scores exactly what the whole
 * index finds in them, that repeated ids change nothing, and that a search within every report is
 * the whole-index search, held-back count included. Returns what it searched, for further checks.
 */
export async function expectScopedLikeWhole(
  store: Pick<ReportStore, 'searchPassages'>,
  reports: ReturnType<typeof searchCorpus>,
  search: { words: string; match: PassageSearch['match']; clearance: PassageSearch['clearance'] },
) {
  const some = reports.filter((_, i) => i % 3 !== 1).map((r) => r.report.id);
  const base: PassageSearch = {
    phrases: queryPhrases(search.words),
    match: search.match,
    limit: 1000,
    clearance: search.clearance,
  };
  const whole = await store.searchPassages(base);
  const within = await store.searchPassages({ ...base, reportIds: some });
  const expected = whole.hits.filter((h) => some.includes(h.report.id));
  expect(within.hits).toEqual(expected);
  // The same reports again (duplicates in the list change nothing), fewer hits.
  const limited = await store.searchPassages({ ...base, limit: 5, reportIds: [...some, ...some] });
  expect(limited.hits).toEqual(expected.slice(0, 5));
  // Every report: the same hits and the same reports held back as the whole index.
  const everyone = await store.searchPassages({
    ...base,
    reportIds: reports.map((r) => r.report.id),
  });
  expect(everyone).toEqual(whole);
  return { some, base, within };
}
