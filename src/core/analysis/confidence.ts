/**
 * @module The attribution confidence rubric (PRODUCT.md): deterministic, explained by a basis.
 *
 * Evidence is counted by originator, never by article: outlets repeating one team's research are
 * one source. Per originator we keep the best publisher reliability that carried it and the
 * strongest wording it was reported with. Then, in order:
 *
 *   LOW       a credible (A-C) independent originator disputes it
 *   HIGH      an originator states "high confidence" (carried at A-C), or two or more independent
 *             originators carried at A-B assert it
 *   MODERATE  one originator carried at A-C asserts it (or states moderate confidence), or two or
 *             more independent originators (A-D) hedge or assert it
 *   LOW       anything else: hedged or speculative only, single low-reliability source
 *
 * A denial by the accused is shown in the basis and never counted either way.
 */
import type { Claim, ConfidenceLevel, Relation, Strength } from '../model/analysis.ts';
import { type Reliability, reliabilityRank } from '../model/reliability.ts';

export interface Evidence {
  claim: Claim;
  reportId: string;
  publisher: string | null;
  reliability: Reliability;
  aiGenerated: boolean;
}

export type RubricRule =
  | 'credible-dispute'
  | 'disputed-only'
  | 'stated-high-confidence'
  | 'independent-reliable-sources'
  | 'one-reliable-source'
  | 'several-sources'
  | 'weak-evidence';

export interface Wording {
  strength: Strength;
  /** Hedge or confidence words as found, for the basis line. */
  cues: string[];
  reportIds: string[];
  /** Every report carrying this wording is AI-generated or of reliability E/F. */
  onlyWeakCarriers: boolean;
  /** What is weak about those carriers, for the basis line. */
  weakness: 'ai-generated' | 'unreliable' | 'not-judged' | null;
}

export interface OriginatorEvidence {
  originator: string;
  reportIds: string[];
  /** The publisher of each report in `reportIds` (null when the report names none). */
  reportPublishers: (string | null)[];
  publishers: string[];
  reliability: Reliability;
  /** The strongest wording the originator was reported with. */
  strength: Strength;
  statedConfidence: ConfidenceLevel | null;
  /** Each wording found, strongest first. */
  wordings: Wording[];
}

export interface AttributionAssessment {
  subject: string;
  /** Country, agency or actor the subject is attributed to (agencies fold into their country). */
  object: string;
  objectKind: 'country' | 'actor';
  relations: Relation[];
  agencies: string[];
  label: ConfidenceLevel;
  rule: RubricRule;
  originators: OriginatorEvidence[];
  disputes: { originator: string; reportIds: string[]; cue: string | null }[];
  denials: { by: string; reportIds: string[] }[];
  /** Report ids of every supporting claim, strongest first. */
  citations: string[];
}

const STRENGTH_RANK: Record<Strength, number> = {
  explicit: 0,
  assertive: 1,
  hedged: 2,
  speculative: 3,
};
const CONFIDENCE_RANK: Record<ConfidenceLevel, number> = { high: 0, moderate: 1, low: 2 };

function originatorOf(e: Evidence): string {
  return e.claim.originator ?? e.publisher ?? 'an unnamed source';
}

function isWeakCarrier(e: Evidence): boolean {
  return e.aiGenerated || reliabilityRank(e.reliability) >= 4;
}

function groupKey(claim: Claim): { key: string; kind: 'country' | 'actor' } {
  if (claim.objectKind === 'actor') return { key: claim.object, kind: 'actor' };
  return { key: claim.country ?? claim.object, kind: 'country' };
}

function summarizeOriginator(name: string, items: Evidence[]): OriginatorEvidence {
  const stated = items
    .map((e) => e.claim.statedConfidence)
    .filter((c): c is ConfidenceLevel => c !== null)
    .sort((a, b) => CONFIDENCE_RANK[a] - CONFIDENCE_RANK[b]);
  const wordings = (Object.keys(STRENGTH_RANK) as Strength[])
    .map((strength): Wording | undefined => {
      const these = items.filter((e) => e.claim.strength === strength);
      if (these.length === 0) return undefined;
      const onlyWeakCarriers = these.every(isWeakCarrier);
      return {
        strength,
        cues: [...new Set(these.flatMap((e) => e.claim.cues))],
        reportIds: [...new Set(these.map((e) => e.reportId))],
        onlyWeakCarriers,
        weakness: !onlyWeakCarriers
          ? null
          : these.every((e) => e.aiGenerated)
            ? 'ai-generated'
            : these.every((e) => e.reliability === 'F' && !e.aiGenerated)
              ? 'not-judged'
              : 'unreliable',
      };
    })
    .filter((w): w is Wording => w !== undefined);
  const reportIds = [...new Set(items.map((e) => e.reportId))];
  return {
    originator: name,
    reportIds,
    reportPublishers: reportIds.map((id) => items.find((e) => e.reportId === id)!.publisher),
    publishers: [...new Set(items.map((e) => e.publisher ?? 'unknown publisher'))],
    reliability: items
      .map((e) => e.reliability)
      .sort((a, b) => reliabilityRank(a) - reliabilityRank(b))[0]!,
    strength: wordings[0]!.strength,
    statedConfidence: stated[0] ?? null,
    wordings,
  };
}

function rank(r: Reliability): number {
  return reliabilityRank(r);
}

function decide(
  supporting: OriginatorEvidence[],
  credibleDisputes: number,
): { label: ConfidenceLevel; rule: RubricRule } {
  const asserts = (o: OriginatorEvidence) =>
    o.strength === 'explicit' || o.strength === 'assertive';
  if (credibleDisputes > 0) return { label: 'low', rule: 'credible-dispute' };
  if (supporting.some((o) => o.statedConfidence === 'high' && rank(o.reliability) <= 2)) {
    return { label: 'high', rule: 'stated-high-confidence' };
  }
  // Several teams named in one blog post are one report's reading of them: independence needs
  // the originators carried by at least two reports.
  const independent = (list: OriginatorEvidence[]) =>
    list.length >= 2 && new Set(list.flatMap((o) => o.reportIds)).size >= 2;
  if (independent(supporting.filter((o) => asserts(o) && rank(o.reliability) <= 1))) {
    return { label: 'high', rule: 'independent-reliable-sources' };
  }
  if (supporting.some((o) => asserts(o) && rank(o.reliability) <= 2))
    return { label: 'moderate', rule: 'one-reliable-source' };
  if (
    independent(supporting.filter((o) => o.strength !== 'speculative' && rank(o.reliability) <= 3))
  ) {
    return { label: 'moderate', rule: 'several-sources' };
  }
  return { label: 'low', rule: 'weak-evidence' };
}

/** One assessment per (subject, object) pair the evidence speaks of, strongest label first. */
export function assessAttributions(evidence: Evidence[]): AttributionAssessment[] {
  const groups = new Map<string, Evidence[]>();
  for (const e of evidence) {
    const { key } = groupKey(e.claim);
    const id = `${e.claim.subject}\u0000${key}`;
    groups.set(id, [...(groups.get(id) ?? []), e]);
  }
  const out: AttributionAssessment[] = [];
  for (const items of groups.values()) {
    const first = items[0]!.claim;
    const { key, kind } = groupKey(first);
    const supportingItems = items.filter((e) => e.claim.stance === 'supports');
    const byOriginator = new Map<string, Evidence[]>();
    for (const e of supportingItems)
      byOriginator.set(originatorOf(e), [...(byOriginator.get(originatorOf(e)) ?? []), e]);
    const originators = [...byOriginator.entries()]
      .map(([name, list]) => summarizeOriginator(name, list))
      .sort(
        (a, b) =>
          STRENGTH_RANK[a.strength] - STRENGTH_RANK[b.strength] ||
          rank(a.reliability) - rank(b.reliability),
      );
    const disputeItems = items.filter((e) => e.claim.stance === 'disputes');
    const disputeByOriginator = new Map<string, Evidence[]>();
    for (const e of disputeItems)
      disputeByOriginator.set(originatorOf(e), [
        ...(disputeByOriginator.get(originatorOf(e)) ?? []),
        e,
      ]);
    const disputes = [...disputeByOriginator.entries()].map(([name, list]) => ({
      originator: name,
      reportIds: [...new Set(list.map((e) => e.reportId))],
      cue: list.flatMap((e) => e.claim.cues).at(-1) ?? null,
      independent: !byOriginator.has(name),
      reliability: list.map((e) => e.reliability).sort((a, b) => rank(a) - rank(b))[0]!,
    }));
    const credibleDisputes = disputes.filter(
      (d) => d.independent && rank(d.reliability) <= 2,
    ).length;
    const denialItems = items.filter((e) => e.claim.stance === 'denial');
    // One report's denial is one denial, in the words of its most specific voice ("the Chinese
    // Embassy" rather than "China" from the section heading above it).
    const voiceOf = new Map<string, string>();
    for (const e of denialItems) {
      const voice = originatorOf(e);
      const seen = voiceOf.get(e.reportId);
      if (!seen || (seen === e.claim.object && voice !== e.claim.object))
        voiceOf.set(e.reportId, voice);
    }
    const denials = [...new Set(voiceOf.values())].map((by) => ({
      by,
      reportIds: [...voiceOf].filter(([, v]) => v === by).map(([id]) => id),
    }));
    if (originators.length === 0 && disputes.length === 0) continue;
    const { label, rule } =
      originators.length === 0
        ? { label: 'low' as const, rule: 'disputed-only' as const }
        : decide(originators, credibleDisputes);
    out.push({
      subject: first.subject,
      object: key,
      objectKind: kind,
      relations: [...new Set(supportingItems.map((e) => e.claim.relation))],
      agencies: [
        ...new Set(
          supportingItems.filter((e) => e.claim.objectKind === 'agency').map((e) => e.claim.object),
        ),
      ],
      label,
      rule,
      originators,
      disputes: disputes.map(({ originator, reportIds, cue }) => ({ originator, reportIds, cue })),
      denials,
      citations: [...new Set(originators.flatMap((o) => o.wordings.flatMap((w) => w.reportIds)))],
    });
  }
  return out.sort(
    (a, b) =>
      CONFIDENCE_RANK[a.label] - CONFIDENCE_RANK[b.label] ||
      b.originators.length - a.originators.length,
  );
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
function countWord(n: number): string {
  return COUNT_WORDS[n] ?? String(n);
}

/**
 * The basis line: which rule applied and on what. `cite` turns report ids into citation marks
 * ("[1]") so the same text serves every renderer.
 */
export function describeBasis(
  a: AttributionAssessment,
  cite: (reportIds: string[]) => string,
): string {
  const parts: string[] = [];
  const names = a.originators.map((o) => o.originator);
  // Outlets are publishers; reports whose publisher is unknown count one each.
  const outlets = new Set(
    a.originators.flatMap((o) =>
      o.reportIds.map((id, i) => o.reportPublishers[i] ?? `report ${id}`),
    ),
  );
  if (a.rule === 'stated-high-confidence') {
    const o = a.originators.find((x) => x.statedConfidence === 'high')!;
    parts.push(`${o.originator} states it with high confidence ${cite(o.reportIds)}`);
  }
  if (a.rule === 'credible-dispute') parts.push('independent sources disagree');
  // "We have not found a strong link between X and Y": said, but only to be doubted.
  if (a.rule === 'disputed-only') parts.push('no source asserts it');
  // The originators' own confidence statements ("we assess with moderate confidence").
  for (const o of a.originators) {
    if (
      !o.statedConfidence ||
      (a.rule === 'stated-high-confidence' && o.statedConfidence === 'high')
    )
      continue;
    parts.push(`${o.originator} states ${o.statedConfidence} confidence ${cite(o.reportIds)}`);
  }
  if (names.length === 1) {
    const o = a.originators[0]!;
    const outletCount = outlets.size > 1 ? ` reported by ${countWord(outlets.size)} outlets` : '';
    const reliability =
      o.reliability === 'F' ? 'reliability not judged' : `best reliability ${o.reliability}`;
    parts.push(`one originating source (${o.originator})${outletCount}, ${reliability}`);
  } else if (names.length > 1) {
    const reports = new Set(a.originators.flatMap((o) => o.reportIds)).size;
    parts.push(
      reports > 1
        ? `${countWord(names.length)} independent sources (${names.join(', ')})`
        : `${countWord(names.length)} sources named in one report (${names.join(', ')})`,
    );
  }
  for (const o of a.originators) {
    for (const w of o.wordings) {
      const cues = w.cues.filter((c) => !/confidence/i.test(c)).slice(0, 3);
      const quoted = cues.length ? ` (${cues.map((c) => `"${c}"`).join(', ')})` : '';
      const weak =
        w.weakness === 'ai-generated'
          ? ' in an AI-generated outlet only'
          : w.weakness === 'not-judged'
            ? ' in outlets whose reliability is not judged (F)'
            : w.weakness === 'unreliable'
              ? ' in low-reliability or AI-generated outlets only'
              : '';
      const who = names.length > 1 ? `${o.originator}: ` : '';
      parts.push(`${who}${w.strength} wording${quoted}${weak} ${cite(w.reportIds)}`);
    }
  }
  for (const d of a.disputes)
    parts.push(`disputed by ${d.originator}${d.cue ? ` ("${d.cue}")` : ''} ${cite(d.reportIds)}`);
  for (const d of a.denials)
    parts.push(
      `denied by ${/^[A-Z][a-z]+ [A-Z]/.test(d.by) ? 'the ' : ''}${d.by} ${cite(d.reportIds)}`,
    );
  return parts.join('; ');
}
