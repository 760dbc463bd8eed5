/** @module Catalog entries from a MISP galaxy cluster file (threat-actor.json and its kin). */
import { z } from 'zod';
import { ThreatBriefError } from '../../errors.ts';
import type { CatalogEntryInput } from './catalog.ts';

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

export function catalogEntriesFromMispGalaxy(json: unknown): CatalogEntryInput[] {
  const parsed = MispGalaxySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ThreatBriefError(
      'invalid_input',
      `not a MISP galaxy file (${issue.path.join('.') || 'root'}: ${issue.message})`,
    );
  }
  const kind = /tool|malware|ransomware|rat|botnet|stealer|backdoor/i.test(
    parsed.data.type ?? parsed.data.name ?? '',
  )
    ? 'malware'
    : 'actor';
  return parsed.data.values.map((v) => {
    const confidence = Number(v.meta?.['attribution-confidence']);
    return {
      kind,
      name: v.value,
      aliases: [...new Set((v.meta?.synonyms ?? []).filter((s) => s !== v.value))],
      country: countryName(v.meta?.country),
      sponsor: v.meta?.['cfr-suspected-state-sponsor'] ?? null,
      attributionConfidence: Number.isFinite(confidence) ? confidence : null,
      source: 'misp' as const,
    };
  });
}
