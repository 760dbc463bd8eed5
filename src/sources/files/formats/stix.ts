/**
 * @module STIX 2.1 bundles: every `report` object becomes a report; actor, malware and relationship
 * objects travel with it. The report's marking is the strictest of its own and of every object it
 * includes (an object whose description is copied into the text, an object that travels with it),
 * so a RED intrusion-set quoted by a CLEAR report makes the report RED.
 */
import { ThreatBriefError } from '../../../core/errors.ts';
import { noFindings } from '../../../core/model/marking.ts';
import type { LinkedObject, ReportDraft } from '../../../core/model/report.ts';
import {
  markingRefsOf,
  StixBundleSchema,
  StixNamedSchema,
  type StixObject,
  type StixReport,
  StixReportSchema,
  tlpOfMarkings,
} from '../../../core/model/stix.ts';
import { MAX_STIX_OBJECTS } from '../limits.ts';

/**
 * A `grouping` (how MISP exports an event) read as a report: its name is optional, and it has
 * no `published`, so its creation time stands in.
 */
function asReport(object: StixObject): StixObject {
  if (object.type !== 'grouping') return object;
  const context = typeof object.context === 'string' ? object.context : 'unspecified';
  return {
    ...object,
    type: 'report',
    name:
      typeof object.name === 'string' && object.name.trim() ? object.name : `Grouping (${context})`,
    published: object.published ?? object.created,
  };
}

/** Object types kept for analysis (actors, their tools, campaigns, and how they relate). */
const LINKED_TYPES = new Set([
  'intrusion-set',
  'threat-actor',
  'malware',
  'tool',
  'campaign',
  'relationship',
  'attack-pattern',
  'vulnerability',
  'location',
  'identity',
  'indicator',
  'infrastructure',
]);

function describe(issue: { path: PropertyKey[]; message: string }): string {
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function linkedObjectsFor(report: StixReport, all: StixObject[], single: boolean): LinkedObject[] {
  const kept = all.filter((o) => LINKED_TYPES.has(o.type));
  const refs = new Set(report.object_refs ?? []);
  const chosen = single
    ? kept
    : kept.filter(
        (o) =>
          refs.has(o.id) ||
          (o.type === 'relationship' &&
            refs.has(String(o.source_ref)) &&
            refs.has(String(o.target_ref))),
      );
  return chosen.map((o) => ({
    stixId: o.id,
    type: o.type,
    name: typeof o.name === 'string' ? o.name : null,
    body: o as Record<string, unknown>,
  }));
}

/** Report text: its description, then the descriptions of the named objects it refers to. */
function reportText(report: StixReport, byId: ReadonlyMap<string, StixObject>): string {
  const parts = [report.description?.trim() ?? ''];
  for (const ref of report.object_refs ?? []) {
    const named = StixNamedSchema.safeParse(byId.get(ref));
    if (named.success && named.data.type !== 'identity' && named.data.description?.trim()) {
      parts.push(`${named.data.name} (${named.data.type}): ${named.data.description.trim()}`);
    }
  }
  for (const ref of report.external_references ?? []) {
    if (ref.description?.trim()) parts.push(ref.description.trim());
  }
  return parts.filter(Boolean).join('\n\n');
}

export function parseStixBundle(json: unknown): ReportDraft[] {
  const objectCount = (json as { objects?: unknown } | null)?.objects;
  if (Array.isArray(objectCount) && objectCount.length > MAX_STIX_OBJECTS) {
    throw new ThreatBriefError(
      'too_large',
      `the STIX bundle holds ${objectCount.length.toLocaleString('en-US')} objects; the limit is ${MAX_STIX_OBJECTS.toLocaleString('en-US')} per file (split it, or use \`threatbrief catalog import\` for actor catalogs)`,
    );
  }
  const bundle = StixBundleSchema.safeParse(json);
  if (!bundle.success) {
    throw new ThreatBriefError(
      'invalid_stix',
      `not a valid STIX 2.1 bundle (${describe(bundle.error.issues[0]!)})`,
    );
  }
  const objects = bundle.data.objects;
  const byId = new Map(objects.map((o) => [o.id, o]));
  const reportObjects = objects.filter((o) => o.type === 'report' || o.type === 'grouping');
  if (reportObjects.length === 0) {
    throw new ThreatBriefError(
      'invalid_stix',
      'the STIX bundle holds no report or grouping objects (for ATT&CK-style actor catalogs use `threatbrief catalog import`)',
    );
  }
  return reportObjects.map((object, index) => {
    const parsed = StixReportSchema.safeParse(asReport(object));
    if (!parsed.success) {
      throw new ThreatBriefError(
        'invalid_stix',
        `report object #${index + 1} (${object.id}): ${describe(parsed.error.issues[0]!)}`,
      );
    }
    const report = parsed.data;
    const author = report.created_by_ref ? byId.get(report.created_by_ref) : undefined;
    const withUrl = report.external_references?.find((r) => r.url);
    const markings = noFindings();
    const tlp = tlpOfMarkings(markingRefsOf(object), byId, 'the report object', markings);
    const linkedObjects = linkedObjectsFor(report, objects, reportObjects.length === 1);
    const included = new Map<string, StixObject>();
    for (const ref of report.object_refs ?? []) {
      const o = byId.get(ref);
      if (o) included.set(o.id, o);
    }
    for (const linked of linkedObjects) included.set(linked.stixId, linked.body as StixObject);
    for (const o of included.values()) {
      const name = typeof o.name === 'string' ? ` ${o.name}` : '';
      tlpOfMarkings(markingRefsOf(o), byId, `${o.type}${name}`, markings);
    }
    return {
      sourceKind: 'stix',
      title: report.name,
      text: reportText(report, byId) || report.name,
      published: report.published ?? report.created,
      publisher:
        (typeof author?.name === 'string' ? author.name : undefined) ??
        report.external_references?.[0]?.source_name,
      url: withUrl?.url,
      tlp,
      markings,
      linkedObjects,
    } satisfies ReportDraft;
  });
}
