/** @module Places, sectors and originating organisations, as phrase matchers over report text. */

import { type PhraseMatch, PhraseMatcher } from '../extract/phrase-matcher.ts';
import type { Token } from '../extract/tokens.ts';
import attackTechniques from './attack-techniques.json' with { type: 'json' };
import geo from './geo.json' with { type: 'json' };
import originators from './originators.json' with { type: 'json' };
import sectors from './sectors.json' with { type: 'json' };
import technologies from './technologies.json' with { type: 'json' };

interface CountryRow {
  name: string;
  aliases: string[];
  demonyms: string[];
  capitals: string[];
  region: string;
}
interface RegionRow {
  name: string;
  aliases: string[];
}
interface SectorRow {
  name: string;
  terms: string[];
}
interface OriginatorRow {
  name: string;
  organization?: string;
  aliases: string[];
  kind: string;
  country?: string;
  /** Names that are ordinary words ("Lookout") and count only as written. */
  strictAliases?: string[];
}

export type Place = {
  kind: 'country' | 'region';
  name: string;
  via: 'name' | 'demonym' | 'capital';
};

export interface Originator {
  name: string;
  kind: string;
  country: string | null;
}

const caseSensitive = new Set<string>((geo as { caseSensitive?: string[] }).caseSensitive ?? []);

function placeEntries() {
  const entries: { phrase: string; value: Place; caseSensitive: boolean }[] = [];
  for (const c of (geo as { countries: CountryRow[] }).countries) {
    const add = (phrase: string, via: Place['via']) =>
      entries.push({
        phrase,
        value: { kind: 'country', name: c.name, via },
        caseSensitive: caseSensitive.has(phrase) || /^[A-Z.]{2,4}$/.test(phrase),
      });
    for (const name of [c.name, ...c.aliases]) add(name, 'name');
    for (const d of c.demonyms) add(d, 'demonym');
    for (const cap of c.capitals) add(cap, 'capital');
  }
  for (const r of (geo as { regions: RegionRow[] }).regions) {
    for (const name of [r.name, ...r.aliases]) {
      entries.push({
        phrase: name,
        value: { kind: 'region', name: r.name, via: 'name' },
        caseSensitive: caseSensitive.has(name) || /^[A-Z]{2,5}$/.test(name),
      });
    }
  }
  return entries;
}

const places = new PhraseMatcher<Place>(placeEntries());
const sectorMatcher = new PhraseMatcher<string>(
  (sectors as SectorRow[]).flatMap((s) =>
    s.terms.map((t) => ({ phrase: t, value: s.name, caseSensitive: /^[A-Z]{2,5}s?$/.test(t) })),
  ),
);
const originatorRows = originators as OriginatorRow[];
const originatorMatcher = new PhraseMatcher<Originator>(
  originatorRows.flatMap((o) =>
    [o.name, ...(o.organization ? [o.organization] : []), ...o.aliases].map((phrase) => ({
      phrase,
      value: { name: o.name, kind: o.kind, country: o.country ?? null },
      // Acronyms (FBI, NSA, ESET) and ordinary-word names (Lookout) only as written.
      caseSensitive: /^[A-Z0-9-]{2,6}$/.test(phrase) || (o.strictAliases ?? []).includes(phrase),
    })),
  ),
);

const countriesByName = new Map(
  (geo as { countries: CountryRow[] }).countries.map((c) => [c.name.toLowerCase(), c]),
);

const technologyMatcher = new PhraseMatcher<string>(
  (technologies as SectorRow[]).flatMap((t) =>
    t.terms.map((term) => ({ phrase: term, value: t.name, caseSensitive: true })),
  ),
);

/** Products and services attackers target or abuse ("Exchange servers", "SOHO routers"). */
export function findTechnologies(text: string, tokens: Token[]): PhraseMatch<string>[] {
  return technologyMatcher.match(text, tokens);
}

export function findPlaces(text: string, tokens: Token[]): PhraseMatch<Place>[] {
  return places.match(text, tokens);
}

export function findSectors(text: string, tokens: Token[]): PhraseMatch<string>[] {
  return sectorMatcher.match(text, tokens);
}

export function findOriginators(text: string, tokens: Token[]): PhraseMatch<Originator>[] {
  return originatorMatcher.match(text, tokens);
}

const demonyms = new Set(
  (geo as { countries: CountryRow[] }).countries.flatMap((c) =>
    c.demonyms.map((d) => d.toLowerCase()),
  ),
);

const capitals = new Set(
  (geo as { countries: CountryRow[] }).countries.flatMap((c) =>
    c.capitals.map((d) => d.toLowerCase()),
  ),
);

/** "Beijing", "Moscow": a capital that may stand for its government. */
export function isCapital(word: string): boolean {
  return capitals.has(word.toLowerCase());
}

/** "Chinese", "North Korean": an adjective of nationality, not the country's name. */
export function isDemonym(word: string): boolean {
  return demonyms.has(word.toLowerCase());
}

/** The country a place name, demonym or capital stands for ("Beijing" -> "China"). */
export function countryOf(name: string): string | undefined {
  return countriesByName.get(name.toLowerCase())?.name;
}

/** Every way a country is written (name, aliases, demonyms); empty for anything else. */
export function countryNames(name: string): string[] {
  const row = countriesByName.get(name.toLowerCase());
  return row ? [row.name, ...row.aliases, ...row.demonyms] : [];
}

/** Each originator's row by its name (the first row, should two share one). */
const originatorRowByName = new Map<string, OriginatorRow>();
for (const row of originatorRows)
  if (!originatorRowByName.has(row.name)) originatorRowByName.set(row.name, row);

export function originatorByName(name: string): Originator | undefined {
  const row = originatorRowByName.get(name);
  return row ? { name: row.name, kind: row.kind, country: row.country ?? null } : undefined;
}

/**
 * The ATT&CK name of a technique id, for ids common in reports (retired ids included, since old
 * reports use them); the built-in table is ours, names are ATT&CK's facts.
 */
export function techniqueName(id: string): string | undefined {
  return (attackTechniques as Record<string, string>)[id.toUpperCase()];
}
