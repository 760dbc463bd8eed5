/**
 * @module When an actor's activity began, as a sentence states it: "active since at least 2014",
 * "first surfaced in mid-2019", "we have tracked them since June 2020", "for nearly three years"
 * (counted back from the report's date). The cue words say it is about activity; the date after
 * them is read by chrono-node when it names a month or a day, by a rule when it is a bare year
 * ("2014", "mid-2019", "early 2021"), which chrono leaves alone.
 */
import * as chrono from 'chrono-node/en';
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

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
/** A point in time as reports write it: "2014", "mid-2019", "early 2021", "June 2020", "February 3rd, 2021". */
const WHEN = `(?:(?:at least|as early as|around|about|approximately|roughly)\\s+)?(?:(?:early|mid|late|the (?:start|beginning|end|middle|first half|second half) of)[- ]?)?(?:${MONTH}\\s+(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?(?:of\\s+)?)?(?:19|20)\\d\\d`;

const SINCE = new RegExp(
  `\\b(?:active|activity|operat\\w*|running|around|track\\w*|observ\\w*|seen|conduct\\w*|target\\w*|at work|in operation|exist\\w*|monitor\\w*|follow\\w*|work\\w*|attack\\w*|campaigns?|(?:has|have) been \\w+ing)\\b[^.;]{0,60}?\\bsince\\s+(${WHEN})`,
  'i',
);
const FIRST_SEEN = new RegExp(
  `\\b(?:first (?:seen|observed|spotted|identified|detected|reported|appeared|emerged|surfaced|documented|discovered|active|noticed)|(?:seen|observed|spotted|identified|detected|reported|discovered) for the first time|emerged|surfaced|appeared|dat(?:es|ing|e) (?:as far )?back (?:to|as)|as far back as|began (?:operating|operations|its operations|activity)|started (?:operating|operations|activity))\\b[^.;]{0,30}?\\b(?:in|around|during|as early as|back to|to|as)?\\s*(${WHEN})`,
  'i',
);
const FOR_YEARS =
  /\b(?:active|operating|operational|running|around|at work|in operation|conducting|targeting|existed|tracked|observed)\b[^.;]{0,40}?\bfor ["“']?(nearly |almost |about |around |roughly |over |more than |at least |some )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a|an) (?:years?|decades?)\b/i;

const YEAR = /(?:19|20)\d\d/;
/** FOR_YEARS ends in one of these words; most sentences hold neither. */
const YEARS_WORD = /year|decade/i;
const SINCE_ALL = new RegExp(SINCE.source, 'gi');
const FIRST_SEEN_ALL = new RegExp(FIRST_SEEN.source, 'gi');

/** Every match of `pattern` (global), when it may match: both patterns end in a year, which most sentences lack. */
function datedOnly(pattern: RegExp, sentence: string): RegExpExecArray[] {
  return YEAR.test(sentence) ? [...sentence.matchAll(pattern)] : [];
}

/** "June 2020" -> "2020-06"; "mid-2019" -> "2019". */
function readWhen(phrase: string, reference: Date): string {
  const year = /(?:19|20)\d\d/.exec(phrase)![0];
  const [parsed] = chrono.parse(phrase, reference, { forwardDate: false });
  if (parsed?.start.isCertain('month') && parsed.start.get('year') === Number(year)) {
    return `${year}-${String(parsed.start.get('month')).padStart(2, '0')}`;
  }
  return year;
}

export function activityStart(
  sentence: string,
  published: string | null,
): { value: string; phrase: string } | undefined {
  const reference = published ? new Date(published) : new Date(0);
  // "tracked since 2018, but the actor has existed since at least 2016": the earliest start wins.
  const found = [
    ...datedOnly(SINCE_ALL, sentence).map((m) => ({ m, since: true })),
    ...datedOnly(FIRST_SEEN_ALL, sentence).map((m) => ({
      m,
      since: false,
    })),
  ].map(({ m, since }) => {
    const when = m[1]!;
    return { value: readWhen(when, reference), phrase: since ? `since ${when}` : m[0].trim() };
  });
  if (found.length) return found.sort((a, b) => a.value.localeCompare(b.value))[0];
  const span = YEARS_WORD.test(sentence) ? FOR_YEARS.exec(sentence) : null;
  if (span) {
    const n = /^\d+$/.test(span[2]!) ? Number(span[2]) : NUMBERS[span[2]!.toLowerCase()]!;
    const years = /decade/i.test(span[0]) ? n * 10 : n;
    const phrase = span[0].replace(/^.*?\bfor\b/i, 'for').replace(/["“”']/g, '');
    // An undated report's "for three years" cannot be placed on the calendar: kept as a span.
    if (!published) return { value: `P${years}Y`, phrase };
    const at = new Date(published);
    at.setUTCFullYear(at.getUTCFullYear() - years);
    return { value: String(at.getUTCFullYear()), phrase };
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
