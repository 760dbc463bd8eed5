/** @module When an actor's activity began, as a sentence states it: "active since 2023", "for nearly three years". */
import type { Fact } from '../../model/analysis.ts';

const NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  a: 1,
  an: 1,
};

const SINCE =
  /\b(?:active|operating|operational|running|around|tracked|observed|seen|conducting|targeting|at work|in operation)\b[^.;]{0,40}?\bsince (?:at least |as early as |the (?:start|beginning|end) of )?((?:19|20)\d\d)\b/i;
const FIRST_SEEN =
  /\b(?:first (?:seen|observed|spotted|identified|detected|reported|appeared|emerged|surfaced)|emerged|surfaced|dating back to|dates back to|began (?:operating|operations|its operations)?)\b[^.;]{0,20}?\bin ((?:19|20)\d\d)\b/i;
const FOR_YEARS =
  /\b(?:active|operating|operational|running|around|at work|in operation|conducting|targeting)\b[^.;]{0,40}?\bfor ["“']?(nearly |almost |about |around |roughly |over |more than |at least |some )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a|an) (?:years?|decades?)\b/i;

export function activityStart(
  sentence: string,
  published: string | null,
): { value: string; phrase: string } | undefined {
  const since = SINCE.exec(sentence) ?? FIRST_SEEN.exec(sentence);
  if (since) return { value: since[1]!, phrase: since[0] };
  const span = FOR_YEARS.exec(sentence);
  if (span && published) {
    const n = /^\d+$/.test(span[2]!) ? Number(span[2]) : NUMBERS[span[2]!.toLowerCase()]!;
    const years = /decade/i.test(span[0]) ? n * 10 : n;
    const at = new Date(published);
    at.setUTCFullYear(at.getUTCFullYear() - years);
    return { value: String(at.getUTCFullYear()), phrase: span[0] };
  }
  return undefined;
}

export function activityFact(
  subject: string,
  sentence: string,
  start: number,
  published: string | null,
  originator: string | null,
): Fact | undefined {
  const found = activityStart(sentence, published);
  if (!found) return undefined;
  return {
    subject,
    kind: 'activity-start',
    value: found.value,
    originator,
    start,
    end: start + sentence.length,
    quote: sentence,
  };
}
