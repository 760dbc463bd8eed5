/**
 * @module Markings read at ingest: the label each part of a document carries (an attribute, a
 * referenced object, a banner, a line of text), and the rule that settles the report's label.
 *
 * The rule: a report is stored at the strictest marking of anything it includes. Every read path
 * already asks the store with the destination's clearance, so a report that is as sensitive as
 * its most sensitive part can never leak that part. A marking that is not a TLP label we know
 * (`tlp:ex:chr`, `tlp:unclear`, a STIX reference to a marking the bundle does not define, an
 * unreadable `classification:`) is read as RED, and a TLP label stated in the text counts as a
 * marking: neither is ever read as CLEAR, and each is reported as a warning.
 */
import { parseTlp, strictestTlp, type Tlp, tlpRank } from './tlp.ts';

/** The marking one part of a document carries. */
export interface PartMarking {
  /** What carried it: "event tags", "attribute ip-dst 203.0.113.7", "intrusion-set Crimson Reed". */
  part: string;
  tlp: Tlp;
}

/** What a parser found: the parts' markings and what it could not take at face value. */
export interface MarkingFindings {
  parts: PartMarking[];
  warnings: string[];
}

export function noFindings(): MarkingFindings {
  return { parts: [], warnings: [] };
}

/**
 * Reads a marking label found on `part`; an unknown one is RED with a warning, never CLEAR.
 * `label` is the raw text ("tlp:amber", "TLP:EX:CHR", "internal").
 */
export function readMarking(label: string, part: string, findings: MarkingFindings): Tlp {
  const tlp = parseTlp(label);
  if (tlp) {
    findings.parts.push({ part, tlp });
    return tlp;
  }
  findings.parts.push({ part, tlp: 'RED' });
  findings.warnings.push(`unknown marking "${label.slice(0, 80)}" on ${part}: read as TLP:RED`);
  return 'RED';
}

/** "TLP:RED", "TLP: AMBER+STRICT", "tlp-green", "TLP WHITE" anywhere in text. */
const IN_TEXT =
  /\bTLP\s*[:\-_ ]\s*(CLEAR|WHITE|GREEN|AMBER\s*\+\s*STRICT|AMBER[\s-]STRICT|AMBER|RED)\b/gi;

/** TLP labels stated in text, with the line each is on (1-based), strictest first. */
export function markingsInText(text: string): { tlp: Tlp; line: number; label: string }[] {
  const found: { tlp: Tlp; line: number; label: string }[] = [];
  for (const match of text.matchAll(IN_TEXT)) {
    const tlp = parseTlp(match[1]!);
    if (!tlp) continue;
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ tlp, line, label: match[0].replace(/\s+/g, ' ') });
  }
  return found.sort((a, b) => tlpRank(b.tlp) - tlpRank(a.tlp) || a.line - b.line);
}

/** The label a report is stored with, the parts' markings to list, and the warnings. */
export interface SettledMarking {
  tlp: Tlp;
  /** Every part's marking, only when parts differ (else empty: the report's label says it all). */
  parts: PartMarking[];
  warnings: string[];
}

/**
 * Settles a report's label: the document's declared label (or the default), every part's
 * marking, every TLP label stated in its text, and the batch minimum (`--tlp`), strictest wins.
 */
export function settleMarking(input: {
  declared: Tlp | undefined;
  defaultTlp: Tlp;
  minimum?: Tlp | undefined;
  findings?: MarkingFindings | undefined;
  title?: string | undefined;
  text: string;
}): SettledMarking {
  const own = input.declared ?? input.defaultTlp;
  const parts: PartMarking[] = [
    { part: input.declared ? 'document' : 'document (default)', tlp: own },
    ...(input.findings?.parts ?? []),
  ];
  const warnings = [...(input.findings?.warnings ?? [])];
  const stated = [
    ...markingsInText(input.title ?? '').map((s) => ({ ...s, where: 'the title' })),
    ...markingsInText(input.text).map((s) => ({ ...s, where: `line ${s.line}` })),
  ].sort((a, b) => tlpRank(b.tlp) - tlpRank(a.tlp));
  const strictestStated = stated[0];
  if (
    strictestStated &&
    tlpRank(strictestStated.tlp) >
      tlpRank(
        strictestTlp(
          parts.map((p) => p.tlp),
          own,
        ),
      )
  ) {
    warnings.push(
      `"${strictestStated.label}" is stated in ${strictestStated.where}: stored as TLP:${strictestStated.tlp}`,
    );
  }
  for (const s of stated) parts.push({ part: `text, ${s.where}`, tlp: s.tlp });
  if (input.minimum) parts.push({ part: '--tlp', tlp: input.minimum });
  const tlp = strictestTlp(
    parts.map((p) => p.tlp),
    own,
  );
  const distinct = new Set(parts.map((p) => p.tlp));
  return { tlp, parts: distinct.size > 1 ? dedupe(parts) : [], warnings: [...new Set(warnings)] };
}

function dedupe(parts: PartMarking[]): PartMarking[] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const key = `${p.part}\u0000${p.tlp}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
