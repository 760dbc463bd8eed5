/** @module Short answers that state no report facts: help, confirmations, refusals. */
import type { Answer } from '../core/model/answer.ts';
import type { Tlp } from '../core/model/tlp.ts';

export function notice(input: {
  title: string;
  summary: string;
  clearance: Tlp;
  kind?: 'notice' | 'help';
  lines?: [title: string, lines: string[]][];
}): Answer {
  return {
    kind: input.kind ?? 'notice',
    query: input.title,
    title: input.title,
    summary: input.summary,
    sections: (input.lines ?? []).map(([title, lines]) => ({
      title,
      claims: lines.map((text) => ({ text, citations: [], evidence: [] })),
    })),
    attribution: [],
    citations: [],
    withheld: 0,
    clearance: input.clearance,
    suggestions: [],
    subjects: [],
    engine: 'none',
    notice: null,
  };
}
