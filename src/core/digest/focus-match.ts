/**
 * @module Which of a destination's requirements a story meets, each with the reason said in
 * words ("mentions Microsoft Exchange, which this team runs"). A sector or place must be more
 * than a passing word: named twice, or the target of an actor in the story.
 */
import { aliasKey } from '../analysis/catalog/catalog.ts';
import type { Focus } from '../model/briefing-profile.ts';
import type { FocusMatch } from '../model/digest.ts';
import { regionOfCountry } from './focus-terms.ts';
import type { StoryFacts } from './story-facts.ts';
import { mentionsWithin, proseOf } from './story-text.ts';

const lower = (s: string) => s.toLowerCase();

function phrasePattern(term: string): RegExp {
  const escaped = term
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
}

function mentionCounts(facts: StoryFacts, kinds: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const mentions of facts.story.mentions.values())
    for (const m of mentions)
      if (kinds.includes(m.kind))
        out.set(lower(m.canonical), (out.get(lower(m.canonical)) ?? 0) + 1);
  return out;
}

/** CVEs named in the same sentence as a technology: likely flaws in that product. */
function cvesBeside(facts: StoryFacts, technology: string): string[] {
  const found = new Set<string>();
  const pattern = phrasePattern(technology);
  for (const report of facts.story.reports) {
    const mentions = facts.story.mentions.get(report.id) ?? [];
    const cves = mentions.filter((m) => m.kind === 'cve');
    const techs = mentions.filter(
      (m) => m.kind === 'technology' && lower(m.canonical) === lower(technology),
    );
    if (cves.length === 0) continue;
    for (const sentence of proseOf(report)) {
      const here = mentionsWithin(cves, sentence);
      if (here.length === 0) continue;
      if (mentionsWithin(techs, sentence).length || pattern.test(sentence.words))
        for (const m of here) found.add(m.canonical);
    }
  }
  return [...found].sort();
}

function saysInProse(facts: StoryFacts, term: string): boolean {
  const pattern = phrasePattern(term);
  return facts.story.reports.some(
    (r) => pattern.test(r.title) || proseOf(r).some((s) => pattern.test(s.words)),
  );
}

function targetedBy(facts: StoryFacts, kinds: string[], value: string): string | undefined {
  return facts.facts.find((f) => kinds.includes(f.kind) && lower(f.value) === lower(value))
    ?.subject;
}

export function matchFocus(facts: StoryFacts, focus: Focus, watched: string[]): FocusMatch[] {
  const out: FocusMatch[] = [];
  const actors = new Map([...(facts.names.get('actor') ?? [])].map((a) => [aliasKey(a), a]));
  for (const wanted of [...new Set([...focus.actors, ...watched])]) {
    const named = actors.get(aliasKey(wanted));
    if (named)
      out.push({ kind: 'actors', value: named, reason: `names ${named}, which this team watches` });
  }
  const technologies = mentionCounts(facts, ['technology']);
  for (const tech of focus.technologies) {
    if (!technologies.has(lower(tech)) && !saysInProse(facts, tech)) continue;
    const cves = cvesBeside(facts, tech);
    out.push({
      kind: 'technologies',
      value: tech,
      reason: `mentions ${tech}${cves.length ? ` (${cves.slice(0, 3).join(', ')})` : ''}, which this team runs`,
    });
  }
  const cves = new Set(facts.cves);
  for (const cve of focus.cves)
    if (cves.has(cve))
      out.push({ kind: 'cves', value: cve, reason: `names ${cve}, in a product this team runs` });
  const sectors = mentionCounts(facts, ['sector']);
  for (const sector of focus.sectors) {
    const actor = targetedBy(facts, ['targets:sector'], sector);
    if (actor)
      out.push({
        kind: 'sectors',
        value: sector,
        reason: `${actor} targets ${sector}, a sector this team follows`,
      });
    else if ((sectors.get(lower(sector)) ?? 0) >= 2)
      out.push({
        kind: 'sectors',
        value: sector,
        reason: `is about ${sector}, a sector this team follows`,
      });
  }
  const places = mentionCounts(facts, ['region', 'country']);
  for (const region of focus.regions) {
    const actor = targetedBy(facts, ['targets:region', 'targets:country'], region);
    const direct = (places.get(lower(region)) ?? 0) >= 2;
    const within = [...(facts.names.get('country') ?? [])].filter(
      (c) => regionOfCountry(c) === region && (places.get(lower(c)) ?? 0) >= 2,
    );
    if (!actor && !direct && within.length === 0) continue;
    const where = actor || direct ? region : `${within.slice(0, 2).join(', ')} (${region})`;
    out.push({
      kind: 'regions',
      value: region,
      reason: actor
        ? `${actor} targets ${region}, a region this team follows`
        : `concerns ${where}, a region this team follows`,
    });
  }
  return out;
}
