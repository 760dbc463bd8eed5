/**
 * @module Attribution labels for a briefing's actors: every visible claim about each actor (not
 * only today's), assessed by the confidence rubric, read in one round trip for all of them.
 */
import { aliasKey } from '../analysis/catalog/catalog.ts';
import { type AttributionAssessment, assessAttributions } from '../analysis/confidence.ts';
import { attributedTo } from '../answer/attribution-lines.ts';
import type { ConfidenceLevel } from '../model/analysis.ts';
import type { SourcedClaim } from '../ports/analysis-store.ts';

export interface ActorLabel {
  assessments: AttributionAssessment[];
  claims: SourcedClaim[];
  /** The leading assessment in words ("China, state-sponsored"), or null without one. */
  attributedTo: string | null;
  confidence: ConfidenceLevel | null;
}

export function labelActors(claims: SourcedClaim[]): (actor: string) => ActorLabel {
  const bySubject = new Map<string, SourcedClaim[]>();
  for (const claim of claims) {
    if (claim.objectKind === 'actor') continue;
    const key = aliasKey(claim.subject);
    bySubject.set(key, [...(bySubject.get(key) ?? []), claim]);
  }
  const known = new Map<string, ActorLabel>();
  return (actor) => {
    let label = known.get(actor);
    if (!label) {
      const mine = bySubject.get(aliasKey(actor)) ?? [];
      const assessments = assessAttributions(
        mine.map((c) => ({
          claim: c,
          reportId: c.report.id,
          publisher: c.report.publisher,
          reliability: c.report.reliability,
          aiGenerated: c.report.aiGenerated,
        })),
      );
      const top = assessments[0];
      label = {
        assessments,
        claims: mine,
        attributedTo: top ? attributedTo(top) : null,
        confidence: top?.label ?? null,
      };
      known.set(actor, label);
    }
    return label;
  };
}
