/**
 * @module What a sentence must look like to answer each kind of question: a date for "when", an
 * indicator for "iocs", a CVE id for "which vulnerability"; and the words that make it a better
 * answer. Shared by every composer that picks sentences.
 */
import type { Intent } from '../../../core/answer/intents.ts';
import { findIndicators } from '../../../core/text/defang.ts';

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DATE = new RegExp(
  `\\b(?:${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\b|${MONTH}\\.?\\s+(?:of\\s+)?(?:19|20)\\d\\d|(?:early|mid|late)[- ](?:19|20)\\d\\d|(?:19|20)\\d\\d)`,
  'i',
);

export interface AnswerShape {
  /** Sentences matching this rank higher. */
  prefer?: RegExp;
  /** A sentence that fails this cannot answer the question. */
  needs?: (sentence: string) => boolean;
}

export const ANSWER_SHAPES: Partial<Record<Intent['type'], AnswerShape>> = {
  attribution: {
    prefer:
      /\b(?:attribut\w*|responsib\w*|blam\w*|behind|sponsor\w*|linked|state[- ](?:backed|sponsored)|confidence|assess\w*|developed|built|author\w*|origin\w*|language|speaking|based in)\b/i,
  },
  tools: {
    prefer:
      /\b(?:malware|backdoor|loader|ransomware|tool\w*|implant|payload|RAT|stealer|deliver\w*|drop\w*|deploy\w*|install\w*)\b/i,
  },
  targets: { prefer: /\b(?:target\w*|victims?|against|hit|compromis\w*|breach\w*)\b/i },
  when: {
    prefer: /\b(?:since|first (?:seen|observed)|began|started|active|announc\w*|on)\b/i,
    // A year inside a link's address ("/2021/02/breached-water-plant") dates nothing said.
    needs: (s) => DATE.test(s.replace(/\]\([^)\s]*\)?|\b(?:https?|hxxps?):\/\/\S+/gi, ' ')),
  },
  how: {
    prefer:
      /\b(?:exploit\w*|phish\w*|access|vulnerab\w*|technique\w*|deliver\w*|distribut\w*|masquerad\w*|lures?|through|via)\b/i,
  },
  vulnerabilities: {
    prefer: /\b(?:exploit\w*|vulnerab\w*)\b/i,
    needs: (s) => /\bCVE[-‐–]\d{4}[-‐–]\d{4,7}\b/i.test(s),
  },
  techniques: { needs: (s) => /\bT1\d{3}(?:\.\d{3})?\b/.test(s) },
  indicators: {
    prefer: /\b(?:c2|command and control|domain|ip|hash|sha-?256|url)\b/i,
    needs: (s) => findIndicators(s).length > 0,
  },
};
