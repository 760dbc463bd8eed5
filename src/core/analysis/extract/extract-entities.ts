/** @module Every entity a text names, catalog names first, then scheme patterns, identifiers, places, sectors, originators. */
import type { Mention } from '../../model/analysis.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { isCommonWord } from '../lexicon/common-words.ts';
import { findOriginators, findPlaces, findSectors, findTechnologies } from '../lexicon/lexicon.ts';
import { AliasMatcher } from './alias-matcher.ts';
import { findCoinedNames } from './coined-names.ts';
import { findIdentifiers } from './identifiers.ts';
import { findPatternNames } from './name-patterns.ts';
import { wordTokens } from './tokens.ts';

/** "Microsoft Exchange", "Google Chrome": a product, not the company's research team speaking. */
const PRODUCT_AFTER =
  /^\s?(?:Exchange|Windows|Office|Outlook|Teams|SharePoint|Azure|Word|Excel|Edge|SQL|IIS|Internet Information|Internet Explorer|Defender|365|Entra|Active Directory|Chrome|Drive|Docs|Play|Workspace|Cloud|Android|iOS|macOS|Safari|Web Services|S3|EC2|Kindle|ASA|IOS|Firepower|AnyConnect|FortiGate|FortiOS|PAN-OS|GlobalProtect|Connect Secure|Pulse|vCenter|ESXi|Confluence|Jira|TeamCity|Acrobat|Reader|Flash|SSL-VPN|VPN)\b|^\s?(?:devices?|appliances?|routers?|firewalls?|servers?|products?|software|gateways?|switches|hardware|platforms?|accounts?|tenants?)\b/;

/** An organisation not in the lexicon that names itself like a research shop: "Greyline Analytics". */
const ORGANISATION =
  /\b((?:[A-Z][\w&'-]+ ){1,3}(?:Analytics|Labs?|Research|Security|Intelligence|Networks|Technologies|Cybersecurity|Consulting|Consultancy|Defen[cs]e))\b/g;
const NOT_AN_ORGANISATION =
  /^(?:The|A|An|National|Homeland|Information|Network|Internet|Public|Private|Global|Critical|Operational|Cyber|Threat|Open|Our|Their|Its|This|That|Microsoft|Google|Apple|Amazon|Windows|Active|Human|Social)\b/;

/** Finds such organisations, and later short references to them by their first word ("Greyline"). */
function findOrganisations(text: string): Mention[] {
  const out: Mention[] = [];
  for (const m of text.matchAll(ORGANISATION)) {
    const name = m[1]!;
    if (
      NOT_AN_ORGANISATION.test(name) ||
      /\b(?:for|of)\s+$/.test(text.slice(Math.max(0, m.index - 5), m.index))
    )
      continue;
    out.push({
      kind: 'originator',
      canonical: name,
      surface: name,
      start: m.index,
      end: m.index + name.length,
    });
  }
  for (const org of [...out]) {
    const short = org.canonical.split(' ')[0]!;
    if (short.length < 5) continue;
    for (const m of text.matchAll(
      new RegExp(`\\b${short}\\b(?! ${org.canonical.slice(short.length + 1)})`, 'g'),
    )) {
      if (m.index > org.start && !out.some((o) => o.start <= m.index && o.end > m.index)) {
        out.push({
          kind: 'originator',
          canonical: org.canonical,
          surface: short,
          start: m.index,
          end: m.index + short.length,
        });
      }
    }
  }
  return out;
}

const LANGUAGE_BEFORE =
  /\b(?:in|know|knows|knew|speak|speaks|spoke|speaking|written in|fluent in|translated (?:from|into)|language,?|languages?:?)\s+$/i;
const LANGUAGE_AFTER =
  /^[- ](?:speaking|speakers?|language|text|strings?|keyboard|locale|words?)\b/i;

/**
 * "The Return of the Higaisa APT", then "the APT actor Higaisa": a name that a phrase marked as a
 * group or as malware is that name wherever the same report writes it, as it is written.
 */
function echoes(text: string, found: Mention[], taken: Mention[]): Mention[] {
  const out: Mention[] = [];
  const seen = new Set<string>();
  for (const m of found) {
    const name = m.surface;
    if (seen.has(name) || name.length < 4 || !/^\p{Lu}/u.test(name) || isCommonWord(name)) continue;
    seen.add(name);
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const hit of text.matchAll(new RegExp(`(?<![\\w$-])${escaped}(?![\\w$-])`, 'g'))) {
      const echo = { ...m, start: hit.index, end: hit.index + name.length };
      if ([...found, ...taken, ...out].some((t) => overlaps(t, echo))) continue;
      out.push(echo);
    }
  }
  return out;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export type EntityExtractor = (text: string) => Mention[];

export function createEntityExtractor(catalog: Catalog): EntityExtractor {
  const aliases = new AliasMatcher(catalog);
  return (text) => {
    const tokens = wordTokens(text);
    const mention =
      (kind: Mention['kind']) =>
      (m: { value: string; surface: string; start: number; end: number }): Mention => ({
        kind,
        canonical: m.value,
        surface: m.surface,
        start: m.start,
        end: m.end,
      });
    const identifiers = findIdentifiers(text);
    const named = aliases
      .match(text, tokens)
      .filter((m) => !identifiers.some((i) => overlaps(i, m)));
    // "Spanish-speaking", "Chinese-language strings": a language, not a country.
    const places = findPlaces(text, tokens)
      .filter(
        (m) =>
          !LANGUAGE_AFTER.test(text.slice(m.end, m.end + 16)) &&
          !(
            m.value.via === 'demonym' &&
            LANGUAGE_BEFORE.test(text.slice(Math.max(0, m.start - 24), m.start)) &&
            /^\s*(?:[,.;:)"”]|and\b|or\b|$)/.test(text.slice(m.end, m.end + 6))
          ),
      )
      .map(
        (m): Mention => ({
          kind: m.value.kind,
          canonical: m.value.name,
          surface: m.surface,
          start: m.start,
          end: m.end,
        }),
      );
    const originators = findOriginators(text, tokens)
      .filter((m) => !PRODUCT_AFTER.test(text.slice(m.end, m.end + 24)))
      .map((m) => mention('originator')({ ...m, value: m.value.name }));
    // "Russian Foreign Intelligence (Service)" is a state body, not a research shop.
    originators.push(
      ...findOrganisations(text).filter(
        (o) => !originators.some((k) => overlaps(k, o)) && !places.some((p) => overlaps(p, o)),
      ),
    );
    const taken = [...identifiers, ...named, ...originators];
    const patterns = findPatternNames(text)
      .filter((m) => !taken.some((t) => overlaps(t, m)) && !places.some((p) => overlaps(p, m)))
      .map((m) => {
        // "the Lazarus gang", "Pysa ransomware": the catalog may know the name the phrase holds
        // (in a spelling it accepts only in such a phrase).
        const known =
          catalog.find(m.canonical, m.kind === 'actor' ? 'actor' : 'malware') ??
          (m.kind === 'malware' ? catalog.find(m.canonical, 'tool') : undefined);
        return known ? { ...m, kind: known.kind, canonical: known.name } : m;
      });
    patterns.push(...echoes(text, patterns, [...taken, ...places]));
    const coined = findCoinedNames(text)
      .filter(
        (m) =>
          !taken.some((t) => overlaps(t, m)) &&
          !patterns.some((p) => overlaps(p, m)) &&
          !places.some((p) => overlaps(p, m)),
      )
      .map((m) => {
        const known = catalog.find(m.canonical, m.kind === 'actor' ? 'actor' : 'malware');
        return known ? { ...m, kind: known.kind, canonical: known.name } : m;
      });
    const names = [...named, ...patterns, ...coined];
    const free = (m: Mention) =>
      !names.some((n) => overlaps(n, m)) && !identifiers.some((i) => overlaps(i, m));
    const all = [
      ...identifiers,
      ...names,
      ...originators.filter(free),
      ...places.filter((p) => free(p) && !originators.some((o) => overlaps(o, p))),
      ...findSectors(text, tokens).map(mention('sector')).filter(free),
      ...findTechnologies(text, tokens).map(mention('technology')).filter(free),
    ];
    return all.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
  };
}
