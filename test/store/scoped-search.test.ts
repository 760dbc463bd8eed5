/**
 * A passage search within some reports is read from those reports' passages, not from a pass over
 * the whole index: it must find, order and score exactly what the whole-index search finds in them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { PassageSearch } from '../../src/core/ports/report-store.ts';
import { queryPhrases } from '../../src/core/text/terms.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { newReport } from '../support/reports.ts';

const SENTENCES = [
  'APT29 delivered a loader through spear-phishing emails to diplomatic targets.',
  'The loader drops Cobalt Strike beacons; the malware persists via scheduled tasks.',
  'Researchers attributed the campaign to a state-sponsored group with moderate confidence.',
  'Café owners in Zürich received invoices carrying the payload, a backdoor named Résumé.',
  'Ransomware operators distribute the malware and deploy it after weeks of access.',
  'Nothing else happened in this paragraph about budgets, travel and staffing.',
  'The backdoor installs itself, the loader deploys a second stage and malware, malware, malware.',
];

/** Reports of several paragraphs each, words repeated unevenly, a few above CLEAR. */
function corpus() {
  return Array.from({ length: 40 }, (_, i) => {
    const paragraphs = Array.from(
      { length: 1 + (i % 4) },
      (_, k) =>
        `${SENTENCES[(i + k) % SENTENCES.length]} ${SENTENCES[(i * 3 + k) % SENTENCES.length]} Report ${i}.`,
    );
    return newReport(paragraphs.join('\n\n'), {
      title: `Report ${i}`,
      ...(i % 9 === 4 ? { tlp: 'AMBER' as const } : {}),
    });
  });
}

describe('passage search within some reports (SQLite)', () => {
  const store = openSqliteStore({ path: ':memory:' });
  afterAll(() => store.close());
  const reports = corpus();
  const ready = (async () => {
    for (const r of reports) await store.addReport(r);
  })();

  it.each([
    ['malware loader payload backdoor delivered deployed installs distributes', 'any'],
    ['cobalt strike, spear phishing, malware', 'any'],
    ['loader malware', 'all'],
    ['cafe zurich resume', 'any'],
    ['attributed state sponsored', 'all'],
    ['kerberoasting', 'any'],
  ] as const)('"%s" (%s) finds what the whole index finds in them', async (words, match) => {
    await ready;
    const some = reports.filter((_, i) => i % 3 !== 1).map((r) => r.report.id);
    const base: PassageSearch = {
      phrases: queryPhrases(words),
      match,
      limit: 1000,
      clearance: 'GREEN',
    };
    const whole = await store.searchPassages(base);
    const within = await store.searchPassages({ ...base, reportIds: some });
    const expected = whole.hits.filter((h) => some.includes(h.report.id));
    expect(within.hits).toEqual(expected);
    // The same reports again (duplicates in the list change nothing), fewer hits.
    const limited = await store.searchPassages({
      ...base,
      limit: 5,
      reportIds: [...some, ...some],
    });
    expect(limited.hits).toEqual(expected.slice(0, 5));
    // Reports above the clearance are counted, never shown.
    const everyone = await store.searchPassages({
      ...base,
      reportIds: reports.map((r) => r.report.id),
    });
    expect(everyone.withheldReports).toBe(whole.withheldReports);
    expect(everyone.hits).toEqual(whole.hits);
  });
});
