/** @module Admiralty (NATO) source reliability grades A-F: they belong to the publisher, not to one report. */
import { z } from 'zod';

export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const ReliabilitySchema = z.enum(RELIABILITY_GRADES);
export type Reliability = z.infer<typeof ReliabilitySchema>;

export const RELIABILITY_MEANING: Record<Reliability, string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'cannot be judged',
};

/** "A" is the best grade; a lower number means more reliable. */
export function reliabilityRank(grade: Reliability): number {
  return RELIABILITY_GRADES.indexOf(grade);
}

export function parseReliability(input: string): Reliability | undefined {
  const grade = input.trim().toUpperCase();
  return (RELIABILITY_GRADES as readonly string[]).includes(grade)
    ? (grade as Reliability)
    : undefined;
}

export const ReliabilityInputSchema = z.string().transform((value, ctx) => {
  const grade = parseReliability(value);
  if (!grade) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an Admiralty grade (A-F)` });
    return z.NEVER;
  }
  return grade;
});
