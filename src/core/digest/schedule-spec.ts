/** @module Reads `digest subscribe [HH:MM|CRON] [ZONE]` into a cron expression and a time zone. */
import type { CronCalendar } from '../ports/cron-calendar.ts';

export interface ScheduleSpec {
  cron: string;
  timezone: string;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * "08:00 Europe/Berlin", "0 8 * * 1-5 UTC", "7:30", "" (08:00 in the default zone).
 * Returns the spec, or a sentence saying what is wrong.
 */
export function parseScheduleSpec(
  args: string[],
  defaultZone: string,
  calendar: CronCalendar,
): ScheduleSpec | { error: string } {
  const words = args.map((a) => a.trim()).filter(Boolean);
  let zone = defaultZone;
  const last = words.at(-1);
  // A zone is an IANA name ("UTC", "Europe/Berlin"); cron fields may hold letters too ("MON-FRI").
  if (
    last &&
    (isTimeZone(last) || last.includes('/') || (words.length === 2 && /^[A-Za-z]/.test(last)))
  ) {
    zone = words.pop()!;
    if (!isTimeZone(zone))
      return {
        error: `"${zone}" is not a time zone; use an IANA name such as Europe/Berlin or UTC.`,
      };
  }
  if (words.length === 0) return { cron: '0 8 * * *', timezone: zone };
  const time = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(words[0]!);
  if (time && words.length === 1)
    return { cron: `${Number(time[2])} ${Number(time[1])} * * *`, timezone: zone };
  const cron = words.join(' ');
  const problem = calendar.problem(cron);
  return problem
    ? { error: `"${cron}" is neither HH:MM nor a cron expression: ${problem}.` }
    : { cron, timezone: zone };
}

/** "daily at 08:00" for the common shapes, else the cron expression itself. */
export function describeSchedule(spec: ScheduleSpec): string {
  const daily = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(spec.cron);
  if (daily)
    return `daily at ${daily[2]!.padStart(2, '0')}:${daily[1]!.padStart(2, '0')} ${spec.timezone}`;
  const weekdays = /^(\d{1,2}) (\d{1,2}) \* \* 1-5$/.exec(spec.cron);
  if (weekdays)
    return `weekdays at ${weekdays[2]!.padStart(2, '0')}:${weekdays[1]!.padStart(2, '0')} ${spec.timezone}`;
  return `cron "${spec.cron}" in ${spec.timezone}`;
}

/** "2026-11-22 08:00 Europe/Berlin": an instant as a reader in that zone sees it. */
export function localTime(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timezone}`;
}

/** The calendar day of an instant in a zone: the archive file's date. */
export function localDay(at: Date, timezone: string): string {
  return localTime(at, timezone).slice(0, 10);
}
