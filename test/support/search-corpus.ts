/**
 * A small corpus for passage-search tests: 40 reports of one to four paragraphs, words repeated
 * unevenly, some marked AMBER or RED, and the searches run over it (words, then how they match).
 */
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
