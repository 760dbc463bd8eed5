/**
 * @module The words a team types for its focus ("exchange", "Energy", "EU", "germany") resolved
 * to the names analysis gives (the analysis lexicons: sectors, technologies, places), so a
 * requirement matches what extraction found; a term no lexicon knows is kept as typed and
 * matched as a phrase in the reports' prose.
 */
import geo from '../analysis/lexicon/geo.json' with { type: 'json' };
import sectors from '../analysis/lexicon/sectors.json' with { type: 'json' };
import technologies from '../analysis/lexicon/technologies.json' with { type: 'json' };

interface TermRow {
  name: string;
  terms: string[];
}
interface CountryRow {
  name: string;
  aliases: string[];
  demonyms: string[];
  region: string;
}
interface RegionRow {
  name: string;
  aliases: string[];
}

const key = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

function index(rows: { name: string; spellings: string[] }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of rows) for (const s of [row.name, ...row.spellings]) out.set(key(s), row.name);
  return out;
}

const SECTORS = index((sectors as TermRow[]).map((r) => ({ name: r.name, spellings: r.terms })));
const TECHNOLOGIES = index(
  (technologies as TermRow[]).map((r) => ({ name: r.name, spellings: r.terms })),
);
const COUNTRIES = (geo as { countries: CountryRow[] }).countries;
const PLACES = index([
  ...COUNTRIES.map((c) => ({ name: c.name, spellings: [...c.aliases, ...c.demonyms] })),
  ...(geo as { regions: RegionRow[] }).regions.map((r) => ({ name: r.name, spellings: r.aliases })),
]);
const REGION_OF = new Map(COUNTRIES.map((c) => [c.name, c.region]));

export interface ResolvedTerm {
  name: string;
  /** False when no lexicon knows the term: it is matched as written. */
  known: boolean;
}

function resolve(table: Map<string, string>, input: string): ResolvedTerm {
  const found = table.get(key(input));
  if (found) return { name: found, known: true };
  // "exchange" for "Microsoft Exchange": a typed word that is the last word of one known name.
  const tail = [...new Set(table.values())].filter((name) => key(name).endsWith(` ${key(input)}`));
  if (tail.length === 1) return { name: tail[0]!, known: true };
  return { name: input.trim(), known: false };
}

export const resolveSector = (input: string) => resolve(SECTORS, input);
export const resolveTechnology = (input: string) => resolve(TECHNOLOGIES, input);
export const resolvePlace = (input: string) => resolve(PLACES, input);

/** The world region a country lies in ("Germany" -> "Europe"); undefined for anything else. */
export function regionOfCountry(country: string): string | undefined {
  return REGION_OF.get(country);
}

/** Upper-cased CVE id, or undefined when the input is not one. */
export function resolveCve(input: string): string | undefined {
  const match = /^CVE-(\d{4})-(\d{4,7})$/i.exec(input.trim());
  return match ? `CVE-${match[1]}-${match[2]}` : undefined;
}
