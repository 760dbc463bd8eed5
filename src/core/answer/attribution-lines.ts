/**
 * @module Attribution lines from the confidence rubric, with their citations: shared by every
 * engine and by briefings, so the label and its basis never come from anywhere but the rubric.
 */
import type { ActorDossier } from '../analysis/actor-dossier.ts';
import { type AttributionAssessment, describeBasis } from '../analysis/confidence.ts';
import type { AttributionLine } from '../model/answer.ts';
import type { CitationBook } from './citation-book.ts';

export function attributedTo(a: AttributionAssessment): string {
  if (a.objectKind === 'actor') return `linked to ${a.object}`;
  const state = a.relations.some((r) => r === 'state-sponsored-by' || r === 'operating-for');
  const agencies = a.agencies.length ? ` (${a.agencies.join(', ')})` : '';
  return `${a.object}${agencies}${state ? ', state-sponsored' : ''}`;
}

export function attributionLines(dossier: ActorDossier, book: CitationBook): AttributionLine[] {
  return dossier.assessments.slice(0, 4).map((a) => {
    // Cite the sentences behind every supporting wording, so the basis marks resolve.
    for (const claim of dossier.claims) {
      const sameObject =
        claim.object === a.object || claim.country === a.object || claim.subject === a.object;
      if (
        sameObject &&
        a.citations
          .concat(
            a.denials.flatMap((d) => d.reportIds),
            a.disputes.flatMap((d) => d.reportIds),
          )
          .includes(claim.report.id)
      ) {
        book.cite(claim.report, claim.quote);
      }
    }
    return {
      subject: a.subject,
      attributedTo: attributedTo(a),
      confidence: a.label,
      basis: describeBasis(a, (ids) => book.marks(ids)),
      citations: [
        ...new Set(
          a.citations.map((id) => book.number(id)).filter((n): n is number => n !== undefined),
        ),
      ].sort((x, y) => x - y),
      disputedBy: a.disputes.map((d) => d.originator),
      deniedBy: a.denials.map((d) => d.by),
    };
  });
}
