/**
 * @module MISP event JSON: the event info, attribute comments and values, galaxy names, and the
 * `tlp:` tags of the event, of each attribute and of each object: every tagged part counts toward
 * the report's marking; a `tlp:` tag we cannot read (`tlp:ex:chr`, `tlp:unclear`) counts as RED.
 */

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ThreatBriefError } from '../../../core/errors.ts';
import { type MarkingFindings, noFindings, readMarking } from '../../../core/model/marking.ts';
import type { LinkedObject, ReportDraft } from '../../../core/model/report.ts';
import { strictestTlp, type Tlp } from '../../../core/model/tlp.ts';

const TagSchema = z.looseObject({ name: z.string() });
const AttributeSchema = z.looseObject({
  type: z.string().optional(),
  category: z.string().optional(),
  value: z.union([z.string(), z.number()]).optional(),
  comment: z.string().optional(),
  Tag: z.array(TagSchema).optional(),
});
const EventSchema = z.looseObject({
  info: z.string().min(1, 'the event has no info text'),
  date: z.string().optional(),
  uuid: z.string().optional(),
  Orgc: z.looseObject({ name: z.string() }).optional(),
  Org: z.looseObject({ name: z.string() }).optional(),
  Tag: z.array(TagSchema).optional(),
  Attribute: z.array(AttributeSchema).optional(),
  Object: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        comment: z.string().optional(),
        Tag: z.array(TagSchema).optional(),
        Attribute: z.array(AttributeSchema).optional(),
      }),
    )
    .optional(),
  Galaxy: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        type: z.string().optional(),
        GalaxyCluster: z
          .array(
            z.looseObject({
              value: z.string(),
              uuid: z.string().optional(),
              Tag: z.array(TagSchema).optional(),
              meta: z.looseObject({ synonyms: z.array(z.string()).optional() }).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});
type MispEvent = z.infer<typeof EventSchema>;

/** True when the JSON has the shape of a MISP export: {Event}, {response:[{Event}]} or [{Event}]. */
export function looksLikeMisp(json: unknown): boolean {
  const first = Array.isArray(json)
    ? json[0]
    : ((json as { response?: unknown[] } | null)?.response?.[0] ?? json);
  return typeof first === 'object' && first !== null && 'Event' in first;
}

/** The strictest `tlp:` tag of a part, each recorded in `findings`; undefined when it has none. */
function tlpOf(
  tags: { name: string }[] | undefined,
  part: string,
  findings: MarkingFindings,
): Tlp | undefined {
  const labels = (tags ?? [])
    .filter((t) => /^\s*tlp\s*:/i.test(t.name))
    .map((t) => readMarking(t.name.trim(), part, findings));
  return labels.length ? strictestTlp(labels, labels[0]!) : undefined;
}

function attributeName(a: z.infer<typeof AttributeSchema>): string {
  const value = a.value === undefined ? '' : String(a.value).slice(0, 60);
  return `attribute ${[a.type, value].filter(Boolean).join(' ')}`.trim();
}

/** Markings of every tagged part: attributes, objects and their attributes, galaxy clusters. */
function partMarkings(event: MispEvent, findings: MarkingFindings): void {
  for (const a of event.Attribute ?? []) tlpOf(a.Tag, attributeName(a), findings);
  for (const o of event.Object ?? []) {
    const object = `object ${o.name ?? ''}`.trim();
    tlpOf(o.Tag, object, findings);
    for (const a of o.Attribute ?? []) tlpOf(a.Tag, `${object} ${attributeName(a)}`, findings);
  }
  for (const g of event.Galaxy ?? [])
    for (const c of g.GalaxyCluster ?? []) tlpOf(c.Tag, `galaxy ${c.value}`, findings);
}

function attributeLine(a: z.infer<typeof AttributeSchema>): string | undefined {
  const value = a.value === undefined ? '' : String(a.value).trim();
  const comment = a.comment?.trim() ?? '';
  if (!value && !comment) return undefined;
  const kind = [a.category, a.type].filter(Boolean).join(' / ');
  return [kind ? `${kind}: ${value}` : value, comment].filter(Boolean).join(' - ');
}

function eventText(event: MispEvent): string {
  const lines = [event.info];
  const attributes = [
    ...(event.Attribute ?? []),
    ...(event.Object ?? []).flatMap((o) => o.Attribute ?? []),
  ];
  const attributeLines = attributes.map(attributeLine).filter((l): l is string => Boolean(l));
  const objectComments = (event.Object ?? [])
    .map((o) => o.comment?.trim())
    .filter((c): c is string => Boolean(c));
  const galaxies = (event.Galaxy ?? []).flatMap((g) =>
    (g.GalaxyCluster ?? []).map((c) => `${g.name ?? 'Galaxy'}: ${c.value}`),
  );
  if (galaxies.length) lines.push(galaxies.join('\n'));
  if (objectComments.length) lines.push(objectComments.join('\n'));
  if (attributeLines.length) lines.push(attributeLines.join('\n'));
  return lines.join('\n\n');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Threat-actor galaxy clusters as the STIX intrusion sets they stand for, so their synonyms are
 * learned as aliases, with the event's label, like the actors a STIX bundle carries.
 */
function actorObjects(event: MispEvent): LinkedObject[] {
  return (event.Galaxy ?? [])
    .filter((g) => g.type === 'threat-actor' || /^threat actor$/i.test(g.name ?? ''))
    .flatMap((g) => g.GalaxyCluster ?? [])
    .map((c) => {
      const hex = createHash('sha256').update(c.value).digest('hex');
      const uuid =
        c.uuid && UUID.test(c.uuid)
          ? c.uuid
          : `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      const id = `intrusion-set--${uuid}`;
      const aliases = (c.meta?.synonyms ?? []).filter((s) => s.trim() && s !== c.value);
      return {
        stixId: id,
        type: 'intrusion-set',
        name: c.value,
        body: { type: 'intrusion-set', id, name: c.value, aliases },
      };
    });
}

export function parseMispEvents(json: unknown): ReportDraft[] {
  const wrappers: unknown[] = Array.isArray(json)
    ? json
    : Array.isArray((json as { response?: unknown }).response)
      ? (json as { response: unknown[] }).response
      : [json];
  return wrappers.map((wrapper, index) => {
    const parsed = EventSchema.safeParse((wrapper as { Event?: unknown })?.Event);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ThreatBriefError(
        'invalid_misp',
        `MISP event #${index + 1}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      );
    }
    const event = parsed.data;
    const markings = noFindings();
    const tlp = tlpOf(event.Tag, 'event tags', markings);
    partMarkings(event, markings);
    return {
      sourceKind: 'misp',
      title: event.info,
      text: eventText(event),
      published: event.date,
      publisher: event.Orgc?.name ?? event.Org?.name,
      tlp,
      markings,
      linkedObjects: actorObjects(event),
    } satisfies ReportDraft;
  });
}
