/** @module Where sources disagree on an actor's facts: when activity began, and who sponsors it. */
import type { Fact } from '../model/analysis.ts';
import type { AttributionAssessment } from './confidence.ts';

export interface ConflictPosition {
  value: string;
  reportIds: string[];
  quotes: string[];
}

export interface Conflict {
  subject: string;
  topic: 'activity start' | 'sponsor';
  positions: ConflictPosition[];
}

export interface SourcedFact extends Fact {
  reportId: string;
}

/** Activity-start years that differ between reports (a report agreeing with itself is no conflict). */
export function activityConflicts(facts: SourcedFact[]): Conflict[] {
  const bySubject = new Map<string, SourcedFact[]>();
  for (const f of facts)
    if (f.kind === 'activity-start')
      bySubject.set(f.subject, [...(bySubject.get(f.subject) ?? []), f]);
  const out: Conflict[] = [];
  for (const [subject, list] of bySubject) {
    const byValue = new Map<string, SourcedFact[]>();
    // "June 2020" and "mid-2020" agree on the year; only different years disagree.
    for (const f of list) {
      const year = f.value.slice(0, 4);
      byValue.set(year, [...(byValue.get(year) ?? []), f]);
    }
    if (byValue.size < 2) continue;
    const reportsPerValue = [...byValue.values()].map((fs) => new Set(fs.map((f) => f.reportId)));
    const distinctReports = new Set(reportsPerValue.flatMap((s) => [...s]));
    if (distinctReports.size < 2) continue;
    out.push({
      subject,
      topic: 'activity start',
      positions: [...byValue.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([value, fs]) => ({
          value,
          reportIds: [...new Set(fs.map((f) => f.reportId))],
          quotes: [...new Set(fs.map((f) => f.quote))],
        })),
    });
  }
  return out;
}

/** Different sponsoring countries asserted for one actor by different originators. */
export function sponsorConflicts(assessments: AttributionAssessment[]): Conflict[] {
  const bySubject = new Map<string, AttributionAssessment[]>();
  for (const a of assessments) {
    if (a.objectKind !== 'country' || a.originators.length === 0) continue;
    bySubject.set(a.subject, [...(bySubject.get(a.subject) ?? []), a]);
  }
  const out: Conflict[] = [];
  for (const [subject, list] of bySubject) {
    if (list.length < 2) continue;
    const originators = new Set(list.flatMap((a) => a.originators.map((o) => o.originator)));
    if (originators.size < 2) continue;
    out.push({
      subject,
      topic: 'sponsor',
      positions: list.map((a) => ({ value: a.object, reportIds: a.citations, quotes: [] })),
    });
  }
  return out;
}
