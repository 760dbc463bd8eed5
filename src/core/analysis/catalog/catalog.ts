/**
 * @module The catalog of actors and software with their aliases: built-in entries merged with
 * imported ones (ATT&CK, MISP galaxy, STIX). Every lookup is alias-aware and spacing-insensitive.
 */
import { z } from 'zod';
import { TlpSchema } from '../../model/tlp.ts';
import { isCommonWord } from '../lexicon/common-words.ts';

export const CATALOG_KINDS = ['actor', 'malware', 'tool'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export const CATALOG_SOURCES = ['builtin', 'attack', 'misp', 'stix'] as const;
export type CatalogSource = (typeof CATALOG_SOURCES)[number];

export const CatalogEntrySchema = z.object({
  kind: z.enum(CATALOG_KINDS),
  name: z.string().min(1),
  aliases: z.array(z.string()),
  /** Names that are ordinary words and only count when written exactly so ("ZINC", "Snake"). */
  strictAliases: z.array(z.string()).default([]),
  /**
   * Names so ordinary ("Payment", "Korean") that they count only next to a word saying what they
   * name: "Payment ransomware", "the Korean group".
   */
  cueAliases: z.array(z.string()).default([]),
  /** Actors: suspected sponsor country; software: null. */
  country: z.string().nullable().default(null),
  sponsor: z.string().nullable().default(null),
  /** Actors: state, criminal, hacktivist ...; software: its category (ransomware, backdoor ...). */
  category: z.string().nullable().default(null),
  motivation: z.array(z.string()).default([]),
  /** Actors: software they use; software: actors that use it (catalog names). */
  related: z.array(z.string()).default([]),
  mitreId: z.string().nullable().default(null),
  /** MISP galaxy attribution confidence (0-100), when the import said. */
  attributionConfidence: z.number().nullable().default(null),
  source: z.enum(CATALOG_SOURCES),
  /**
   * The marking of where it was learned (a RED STIX bundle's aliases are RED): only destinations
   * cleared for it resolve, suggest or show it. Imported public catalogs are CLEAR.
   */
  tlp: TlpSchema.default('CLEAR'),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;
export type CatalogEntryInput = z.input<typeof CatalogEntrySchema>;

/**
 * Keys already worked out, by name: analysis asks for the same few names (the actor in scope,
 * each pattern-found name) sentence after sentence. Emptied when it grows large.
 */
const aliasKeys = new Map<string, string>();
const ALIAS_KEYS_KEPT = 20_000;

/** "APT 29", "apt-29" and "APT29" share a key; so do "NET-STAR" and "NetStar". */
export function aliasKey(name: string): string {
  let key = aliasKeys.get(name);
  if (key === undefined) {
    key = name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
    if (aliasKeys.size >= ALIAS_KEYS_KEPT) aliasKeys.clear();
    aliasKeys.set(name, key);
  }
  return key;
}

export interface AliasHit {
  entry: CatalogEntry;
  /** The alias as the catalog writes it. */
  alias: string;
  strict: boolean;
  /** A one-word alias that is also an ordinary English word ("Equation", "Play"). */
  common: boolean;
  /** Counts only next to a word saying what it names ("Payment ransomware"). */
  needsCue: boolean;
}

export interface MergeReport {
  added: number;
  merged: number;
  newAliases: number;
  /** Aliases left out because another entry already owns them. */
  clashes: { alias: string; wanted: string; ownedBy: string }[];
}

export class Catalog {
  readonly #entries: CatalogEntry[] = [];
  readonly #byKey = new Map<string, AliasHit[]>();
  /** Every prefix of every alias key: lets a matcher stop as soon as no name can follow. */
  readonly #prefixes = new Set<string>();

  constructor(entries: Iterable<CatalogEntryInput> = []) {
    this.merge(entries);
  }

  get entries(): readonly CatalogEntry[] {
    return this.#entries;
  }

  /** Entries an alias names (an actor and a ransomware family may share one). */
  lookup(name: string): AliasHit[] {
    return this.lookupKey(aliasKey(name));
  }

  /** Lookup by an already computed alias key. */
  lookupKey(key: string): AliasHit[] {
    return this.#byKey.get(key) ?? [];
  }

  /** Whether some alias key starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    return this.#prefixes.has(prefix);
  }

  find(name: string, kind?: CatalogKind): CatalogEntry | undefined {
    return this.lookup(name).find((hit) => !kind || hit.entry.kind === kind)?.entry;
  }

  #index(entry: CatalogEntry, alias: string): void {
    const key = aliasKey(alias);
    if (!key) return;
    const hits = this.#byKey.get(key) ?? [];
    if (hits.some((h) => h.entry === entry)) return;
    const strict = entry.strictAliases.some((s) => aliasKey(s) === key);
    const common = /^[\p{L}]+$/u.test(alias) && isCommonWord(alias);
    const needsCue = entry.cueAliases.some((s) => aliasKey(s) === key);
    hits.push({ entry, alias, strict, common, needsCue });
    this.#byKey.set(key, hits);
    for (let i = 1; i <= key.length; i++) this.#prefixes.add(key.slice(0, i));
  }

  /**
   * Adds entries; an incoming entry whose name or alias already names an entry of the same kind
   * is merged into it (its new aliases added). An alias owned by a different entry of the same
   * kind is left out and reported, so one name never means two actors.
   */
  merge(inputs: Iterable<CatalogEntryInput>): MergeReport {
    const report: MergeReport = { added: 0, merged: 0, newAliases: 0, clashes: [] };
    for (const input of inputs) {
      const incoming = CatalogEntrySchema.parse(input);
      const names = [incoming.name, ...incoming.aliases];
      const existing = names
        .flatMap((n) => this.lookup(n))
        .find((hit) => hit.entry.kind === incoming.kind)?.entry;
      const target = existing ?? {
        ...incoming,
        aliases: [],
        strictAliases: [...incoming.strictAliases],
        cueAliases: [...incoming.cueAliases],
      };
      if (existing) {
        report.merged++;
        target.country ??= incoming.country;
        target.sponsor ??= incoming.sponsor;
        target.category ??= incoming.category;
        target.mitreId ??= incoming.mitreId;
        target.attributionConfidence ??= incoming.attributionConfidence;
        for (const r of incoming.related) if (!target.related.includes(r)) target.related.push(r);
        // An import's caution about a name applies to names it brings, never to ones the
        // entry already had ("Sandworm" stays as the built-in catalog knows it).
        const known = new Set([target.name, ...target.aliases].map(aliasKey));
        for (const s of incoming.strictAliases)
          if (!target.strictAliases.includes(s) && !known.has(aliasKey(s)))
            target.strictAliases.push(s);
        for (const s of incoming.cueAliases)
          if (!target.cueAliases.includes(s) && !known.has(aliasKey(s))) target.cueAliases.push(s);
      } else {
        report.added++;
        this.#entries.push(target);
        this.#index(target, target.name);
      }
      for (const alias of names) {
        const key = aliasKey(alias);
        if (!key || key === aliasKey(target.name)) continue;
        const owner = this.lookup(alias).find((h) => h.entry.kind === target.kind)?.entry;
        if (owner === target) continue;
        if (owner) {
          report.clashes.push({ alias, wanted: target.name, ownedBy: owner.name });
          continue;
        }
        target.aliases.push(alias);
        report.newAliases += existing ? 1 : 0;
        this.#index(target, alias);
      }
    }
    return report;
  }

  /** The longest alias in tokens, so the matcher knows how far to look ahead. */
  maxAliasTokens(): number {
    let max = 1;
    for (const entry of this.#entries) {
      for (const name of [entry.name, ...entry.aliases]) {
        const tokens = name.match(/[\p{L}\p{N}]+/gu)?.length ?? 1;
        if (tokens > max) max = tokens;
      }
    }
    return max;
  }
}
