/** @module State agencies and military units that attributions name, with the country behind each. */

export interface Agency {
  name: string;
  country: string;
  pattern: RegExp;
}

export const AGENCIES: Agency[] = [
  {
    name: 'GRU',
    country: 'Russia',
    pattern: /\b(?:GRU|Main Intelligence Directorate|Main Directorate of the General Staff)\b/,
  },
  { name: 'GRU Unit 74455', country: 'Russia', pattern: /\bUnit 74455\b/ },
  { name: 'GRU Unit 26165', country: 'Russia', pattern: /\bUnit 26165\b/ },
  { name: 'GRU Unit 29155', country: 'Russia', pattern: /\bUnit 29155\b/ },
  { name: 'SVR', country: 'Russia', pattern: /\b(?:SVR|Foreign Intelligence Service)\b/ },
  { name: 'FSB', country: 'Russia', pattern: /\b(?:FSB|Federal Security Service)\b/ },
  { name: 'FSB Center 16', country: 'Russia', pattern: /\bCent(?:er|re) 16\b/ },
  { name: 'MSS', country: 'China', pattern: /\b(?:MSS|Ministry of State Security)\b/ },
  { name: 'PLA', country: 'China', pattern: /\b(?:PLA|People's Liberation Army)\b/ },
  { name: 'PLA Unit 61398', country: 'China', pattern: /\bUnit 61398\b/ },
  {
    name: 'IRGC',
    country: 'Iran',
    pattern: /\b(?:IRGC|Islamic Revolutionary Guard Corps|Revolutionary Guards?)\b/,
  },
  { name: 'MOIS', country: 'Iran', pattern: /\b(?:MOIS|Ministry of Intelligence and Security)\b/ },
  { name: 'RGB', country: 'North Korea', pattern: /\b(?:RGB|Reconnaissance General Bureau)\b/ },
  { name: 'Bureau 121', country: 'North Korea', pattern: /\bBureau 121\b/ },
  { name: 'Unit 8200', country: 'Israel', pattern: /\bUnit 8200\b/ },
];

/** Any agency's pattern: most sentences name none, and one test tells so. */
const ANY_AGENCY = new RegExp(AGENCIES.map((a) => `(?:${a.pattern.source})`).join('|'));

export function findAgencies(sentence: string): Agency[] {
  if (!ANY_AGENCY.test(sentence)) return [];
  return AGENCIES.filter((a) => a.pattern.test(sentence));
}
