/** @module STIX 2.1: narrow schemas for the objects we read, and TLP markings (1.0 and 2.0). */
import { z } from 'zod';
import { type MarkingFindings, readMarking } from './marking.ts';
import { parseTlp, strictestTlp, type Tlp } from './tlp.ts';

const STIX_ID =
  /^[a-z][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const StixIdSchema = z.string().regex(STIX_ID, 'not a STIX identifier (type--uuid)');

/** Any STIX object: we check the two fields every object has and keep the rest as is. */
export const StixObjectSchema = z.looseObject({ type: z.string().min(1), id: StixIdSchema });
export type StixObject = z.infer<typeof StixObjectSchema>;

export const StixBundleSchema = z.looseObject({
  type: z.literal('bundle'),
  id: StixIdSchema,
  objects: z.array(StixObjectSchema),
});

export const ExternalReferenceSchema = z.looseObject({
  source_name: z.string(),
  url: z.string().optional(),
  description: z.string().optional(),
  external_id: z.string().optional(),
});

export const StixReportSchema = z.looseObject({
  type: z.literal('report'),
  id: StixIdSchema,
  name: z.string().min(1),
  description: z.string().optional(),
  published: z.string().optional(),
  created: z.string().optional(),
  created_by_ref: z.string().optional(),
  object_refs: z.array(z.string()).optional(),
  object_marking_refs: z.array(z.string()).optional(),
  external_references: z.array(ExternalReferenceSchema).optional(),
});
export type StixReport = z.infer<typeof StixReportSchema>;

/** Named domain objects (intrusion-set, malware ...). */
export const StixNamedSchema = z.looseObject({
  type: z.string(),
  id: StixIdSchema,
  name: z.string().min(1),
  description: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  x_mitre_aliases: z.array(z.string()).optional(),
  revoked: z.boolean().optional(),
  x_mitre_deprecated: z.boolean().optional(),
  external_references: z.array(ExternalReferenceSchema).optional(),
});

export const StixRelationshipSchema = z.looseObject({
  type: z.literal('relationship'),
  id: StixIdSchema,
  relationship_type: z.string(),
  source_ref: z.string(),
  target_ref: z.string(),
  description: z.string().optional(),
});

/** The published TLP marking-definition ids, 2.0 first, then 1.0 (WHITE is read as CLEAR). */
export const TLP_MARKING_IDS: Record<string, Tlp> = {
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 'CLEAR',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 'GREEN',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 'AMBER',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 'AMBER+STRICT',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 'RED',
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The TLP a marking-definition object expresses, in any of the shapes seen in the wild. */
export function tlpOfMarkingDefinition(object: StixObject): Tlp | undefined {
  const known = TLP_MARKING_IDS[object.id];
  if (known) return known;
  const ext = (object.extensions as Record<string, { tlp_2_0?: unknown }> | undefined)?.[
    TLP2_EXTENSION
  ];
  if (typeof ext?.tlp_2_0 === 'string') return parseTlp(ext.tlp_2_0);
  const definition = object.definition as { tlp?: unknown } | undefined;
  if (object.definition_type === 'tlp' && typeof definition?.tlp === 'string')
    return parseTlp(definition.tlp);
  if (typeof object.name === 'string' && /^TLP[:\s]/i.test(object.name))
    return parseTlp(object.name);
  return undefined;
}

/** A marking that says nothing about sharing (a copyright or terms statement). */
function isStatement(object: StixObject): boolean {
  return object.definition_type === 'statement' && object.extensions === undefined;
}

/**
 * The strictest TLP among `refs` on `part`, resolving ids through the bundle's own marking
 * definitions; each is recorded in `findings`. A reference to a marking the bundle does not
 * define, or a definition we cannot read as TLP, counts as RED with a warning; a statement
 * marking (copyright, terms of use) is not a sharing label and counts for nothing.
 */
export function tlpOfMarkings(
  refs: readonly string[] | undefined,
  byId: ReadonlyMap<string, StixObject>,
  part: string,
  findings: MarkingFindings,
): Tlp | undefined {
  const labels: Tlp[] = [];
  for (const ref of refs ?? []) {
    const known = TLP_MARKING_IDS[ref];
    if (known) {
      labels.push(readMarking(known, part, findings));
      continue;
    }
    const definition = byId.get(ref);
    if (!definition) {
      labels.push(readMarking(`undefined marking ${ref}`, part, findings));
      continue;
    }
    if (isStatement(definition)) continue;
    const tlp = tlpOfMarkingDefinition(definition);
    const name = typeof definition.name === 'string' ? definition.name : ref;
    labels.push(readMarking(tlp ?? name, part, findings));
  }
  return labels.length ? strictestTlp(labels, labels[0]!) : undefined;
}

/** The marking refs of an object: its own, and those of its granular markings. */
export function markingRefsOf(object: StixObject): string[] {
  const own = Array.isArray(object.object_marking_refs)
    ? object.object_marking_refs.filter((r): r is string => typeof r === 'string')
    : [];
  const granular = Array.isArray(object.granular_markings)
    ? object.granular_markings
        .map((g) => (g as { marking_ref?: unknown }).marking_ref)
        .filter((r): r is string => typeof r === 'string')
    : [];
  return [...own, ...granular];
}
