/** @module The catalog we ship: actors and software written by us (names and aliases are public facts). */
import actors from './actors.json' with { type: 'json' };
import type { CatalogEntryInput } from './catalog.ts';
import software from './software.json' with { type: 'json' };

interface ActorRow {
  name: string;
  aliases: string[];
  type: string;
  country: string | null;
  sponsor: string | null;
  motivation: string[];
  mitreId: string | null;
  strictAliases?: string[];
}

interface SoftwareRow {
  name: string;
  aliases: string[];
  kind: 'malware' | 'tool';
  category: string;
  actors: string[];
  strictAliases?: string[];
}

export function builtinCatalogEntries(): CatalogEntryInput[] {
  const softwareByActor = new Map<string, string[]>();
  for (const s of software as SoftwareRow[]) {
    for (const actor of s.actors)
      softwareByActor.set(actor, [...(softwareByActor.get(actor) ?? []), s.name]);
  }
  return [
    ...(actors as ActorRow[]).map(
      (a): CatalogEntryInput => ({
        kind: 'actor',
        name: a.name,
        aliases: a.aliases,
        strictAliases: a.strictAliases ?? [],
        country: a.country,
        sponsor: a.sponsor,
        category: a.type,
        motivation: a.motivation,
        related: softwareByActor.get(a.name) ?? [],
        mitreId: a.mitreId,
        source: 'builtin',
      }),
    ),
    ...(software as SoftwareRow[]).map(
      (s): CatalogEntryInput => ({
        kind: s.kind,
        name: s.name,
        aliases: s.aliases,
        strictAliases: s.strictAliases ?? [],
        category: s.category,
        related: s.actors,
        source: 'builtin',
      }),
    ),
  ];
}
