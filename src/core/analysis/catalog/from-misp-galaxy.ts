/** @module Catalog entries from a MISP galaxy cluster file (threat-actor.json and its kin). */
import { z } from 'zod';
import { ThreatBriefError } from '../../errors.ts';
import { isCommonWord } from '../lexicon/common-words.ts';
import { countryOf, isDemonym } from '../lexicon/lexicon.ts';
import type { CatalogEntryInput, CatalogKind } from './catalog.ts';

const Meta = z
  .looseObject({
    synonyms: z.array(z.string()).optional(),
    country: z.string().optional(),
    'cfr-suspected-state-sponsor': z.string().optional(),
    'cfr-suspected-victims': z.array(z.string()).optional(),
    'attribution-confidence': z.union([z.string(), z.number()]).optional(),
    'cfr-type-of-incident': z.union([z.string(), z.array(z.string())]).optional(),
  })
  .optional();

export const MispGalaxySchema = z.looseObject({
  name: z.string().optional(),
  type: z.string().optional(),
  values: z.array(
    z.looseObject({ value: z.string().min(1), description: z.string().optional(), meta: Meta }),
  ),
});

/** Two-letter country codes MISP uses in `meta.country`, for the actors the catalog cares most about. */
const COUNTRY_CODES: Record<string, string> = {
  CN: 'China',
  RU: 'Russia',
  IR: 'Iran',
  KP: 'North Korea',
  KR: 'South Korea',
  VN: 'Vietnam',
  IN: 'India',
  PK: 'Pakistan',
  US: 'United States',
  GB: 'United Kingdom',
  IL: 'Israel',
  TR: 'Turkey',
  BY: 'Belarus',
  UA: 'Ukraine',
  LB: 'Lebanon',
  AE: 'United Arab Emirates',
  SY: 'Syria',
  PS: 'Palestine',
  KZ: 'Kazakhstan',
  UZ: 'Uzbekistan',
  FR: 'France',
  ES: 'Spain',
  NG: 'Nigeria',
  BR: 'Brazil',
  TW: 'Taiwan',
  SA: 'Saudi Arabia',
};

function countryName(value: string | undefined): string | null {
  if (!value) return null;
  return COUNTRY_CODES[value.toUpperCase()] ?? value;
}

/** What each galaxy holds; Malpedia and ransomware galaxies are malware, never actors. */
const GALAXY_KINDS: Record<string, CatalogKind> = {
  'threat-actor': 'actor',
  'mitre-intrusion-set': 'actor',
  'mitre-enterprise-attack-intrusion-set': 'actor',
  'microsoft-activity-group': 'actor',
  malpedia: 'malware',
  ransomware: 'malware',
  'mitre-malware': 'malware',
  'mitre-enterprise-attack-malware': 'malware',
  rat: 'malware',
  botnet: 'malware',
  stealer: 'malware',
  backdoor: 'malware',
  android: 'malware',
  'exploit-kit': 'malware',
  tool: 'tool',
  'mitre-tool': 'tool',
  'mitre-enterprise-attack-tool': 'tool',
};

function galaxyKind(type: string | undefined, name: string | undefined): CatalogKind {
  const known = GALAXY_KINDS[(type ?? '').toLowerCase()];
  if (known) return known;
  if (/tool/i.test(`${type} ${name}`)) return 'tool';
  if (/malware|ransomware|rat|botnet|stealer|backdoor|malpedia/i.test(`${type} ${name}`))
    return 'malware';
  return 'actor';
}

/** An id ("G0006", "S0110") in a synonym list is no name anyone writes in prose. */
const ATTACK_ID = /^[GS]\d{4}$/;

/**
 * A name as reports write it. "Winnti for Linux - S0430" carries its ATT&CK id; "Kaenlupuf
 * Ransomware" is written "Kaenlupuf" in prose (kept strict: only exactly so).
 */
function cleanName(
  value: string,
  kind: CatalogKind,
): { name: string; extra: string[]; mitreId: string | null; strict: string[] } {
  let name = value.trim();
  let mitreId: string | null = null;
  const id = / - ([GS]\d{4})$/.exec(name);
  if (id) {
    mitreId = id[1]!;
    name = name.slice(0, id.index).trim();
  }
  const extra: string[] = [];
  const strict: string[] = [];
  const ransomware = kind === 'malware' ? /^(.+?)\s+Ransomware(?:\s*\(fake\))?$/i.exec(name) : null;
  if (ransomware) {
    extra.push(name);
    name = ransomware[1]!.trim();
    strict.push(name);
  }
  return { name, extra, mitreId, strict };
}

/**
 * Whether an alias can be found in prose without flooding it: no ATT&CK ids, no one-to-three
 * letter lower-case words ("at", "cmd", "ftp").
 */
function usable(alias: string): boolean {
  if (ATTACK_ID.test(alias) || PLATFORM.test(alias)) return false;
  // Three characters or fewer ("N40", "at", "RTM") match too much prose to import.
  return alias.replace(/[^\p{L}\p{N}]/gu, '').length >= 4;
}

/** Operating systems, shells and languages some galaxies list as software ("Windows10", "Python"). */
const PLATFORM =
  /^(?:windows ?(?:\d+|xp|vista|server)?|linux|macos|android|ios|python|php|perl|ruby|java(?:script)?|powershell|cmd|schtasks|defender|windows defender|office|excel|word|outlook|chrome|firefox|\.net|golang|rust|bash)$/i;

const GENERIC =
  /^(?:trojan|ransomware|malware|backdoor|loader|stealer|rat|botnet|worm|virus|spyware|adware|miner|dropper|downloader|keylogger|rootkit|exploit|payload|crypter|locker|wiper|banker|agent|bot|tool|apt|group|team|gang|hackers?|unknown)$/i;

/**
 * An ordinary word, a nationality or a generic malware noun ("Russian", "trojan", "Payment"):
 * galaxy synonyms like these are dropped; an entry named so counts only with a cue after it.
 */
function ordinary(alias: string): boolean {
  const words = alias.split(/\s+/);
  // "Charming Kitten", "Fancy Bear": capitalised names of ordinary words are names; the matcher
  // already ignores them written in lower case.
  if (words.length > 1) return words.every((w) => GENERIC.test(w) || isDemonym(w));
  return (
    GENERIC.test(alias) || isCommonWord(alias) || isDemonym(alias) || countryOf(alias) !== undefined
  );
}

export interface GalaxyImport {
  entries: CatalogEntryInput[];
  /** Entries left out because no usable name was left (a tool called "at"). */
  skipped: string[];
}

export function catalogEntriesFromMispGalaxy(json: unknown): CatalogEntryInput[] {
  return readMispGalaxy(json).entries;
}

/** Reads a MISP galaxy cluster file into catalog entries, made safe to match against prose. */
export function readMispGalaxy(json: unknown): GalaxyImport {
  const parsed = MispGalaxySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ThreatBriefError(
      'invalid_input',
      `not a MISP galaxy file (${issue.path.join('.') || 'root'}: ${issue.message})`,
    );
  }
  const kind = galaxyKind(parsed.data.type, parsed.data.name);
  const entries: CatalogEntryInput[] = [];
  const skipped: string[] = [];
  for (const v of parsed.data.values) {
    const { name, extra, mitreId, strict } = cleanName(v.value, kind);
    const externalId = (v.meta as { external_id?: unknown } | undefined)?.external_id;
    const aliases = [
      ...new Set(
        [...extra, ...(v.meta?.synonyms ?? [])]
          .map((a) => cleanName(a, kind).name)
          .filter((a) => a !== name && usable(a) && !ordinary(a)),
      ),
    ];
    if (!usable(name)) {
      skipped.push(v.value);
      continue;
    }
    const confidence = Number(v.meta?.['attribution-confidence']);
    entries.push({
      kind,
      name,
      aliases,
      // Galaxies capitalise proper names; a lower-case one ("xmrig", "jason") is written so.
      strictAliases: [
        ...strict,
        ...[name, ...aliases].filter((a) => a === a.toLowerCase() && /\p{L}/u.test(a)),
      ],
      cueAliases: ordinary(name) ? [name] : [],
      country: kind === 'actor' ? countryName(v.meta?.country) : null,
      sponsor: kind === 'actor' ? (v.meta?.['cfr-suspected-state-sponsor'] ?? null) : null,
      mitreId: mitreId ?? (typeof externalId === 'string' ? externalId : null),
      attributionConfidence: Number.isFinite(confidence) ? confidence : null,
      source: 'misp' as const,
    });
  }
  return { entries, skipped };
}
