/**
 * @module Catalog entries from STIX objects: ATT&CK-style bundles (intrusion sets with aliases,
 * malware and tools, `uses` relationships) and the actor objects that travel with ingested reports.
 */
import { StixNamedSchema, StixRelationshipSchema } from '../../model/stix.ts';
import type { Tlp } from '../../model/tlp.ts';
import type { CatalogEntryInput, CatalogSource } from './catalog.ts';

const KIND_OF: Record<string, 'actor' | 'malware' | 'tool'> = {
  'intrusion-set': 'actor',
  'threat-actor': 'actor',
  malware: 'malware',
  tool: 'tool',
};

/** ATT&CK keeps group and software ids (G0016, S0154) in external references. */
function mitreId(
  refs: { source_name: string; external_id?: string | undefined }[] | undefined,
): string | null {
  return refs?.find((r) => r.source_name === 'mitre-attack' && r.external_id)?.external_id ?? null;
}

export interface StixCatalogResult {
  entries: CatalogEntryInput[];
  skipped: number;
}

export function catalogEntriesFromStix(
  objects: readonly unknown[],
  source: CatalogSource,
): StixCatalogResult {
  const byId = new Map<string, CatalogEntryInput>();
  let skipped = 0;
  for (const object of objects) {
    const named = StixNamedSchema.safeParse(object);
    if (!named.success) continue;
    const o = named.data;
    const kind = KIND_OF[o.type];
    if (!kind) continue;
    if (o.revoked || o.x_mitre_deprecated) {
      skipped++;
      continue;
    }
    const aliases = [...(o.aliases ?? []), ...(o.x_mitre_aliases ?? [])].filter(
      (a) => a !== o.name,
    );
    byId.set(o.id, {
      kind,
      name: o.name,
      aliases: [...new Set(aliases)],
      mitreId: mitreId(o.external_references),
      source,
    });
  }
  for (const object of objects) {
    const rel = StixRelationshipSchema.safeParse(object);
    if (!rel.success || rel.data.relationship_type !== 'uses') continue;
    const from = byId.get(rel.data.source_ref);
    const to = byId.get(rel.data.target_ref);
    if (!from || !to || from.kind !== 'actor' || to.kind === 'actor') continue;
    from.related = [...new Set([...(from.related ?? []), to.name])];
    to.related = [...new Set([...(to.related ?? []), from.name])];
  }
  return { entries: [...byId.values()], skipped };
}

/**
 * Actor and software names (with aliases) carried by a report's linked STIX objects, marked with
 * the report's label: names learned from a RED bundle are RED.
 */
export function catalogEntriesFromLinkedObjects(
  objects: readonly { body: unknown }[],
  tlp: Tlp,
): CatalogEntryInput[] {
  return catalogEntriesFromStix(
    objects.map((o) => o.body),
    'stix',
  ).entries.map((entry) => ({ ...entry, tlp }));
}
