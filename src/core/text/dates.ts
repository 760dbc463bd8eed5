/** @module Reads the publication dates and time spans people write, into ISO instants. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase());
}

function utc(year: number, month: number, day: number): Date | undefined {
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCMonth() === month && date.getUTCDate() === day ? date : undefined;
}

/** Years outside this window are almost certainly not publication dates. */
function plausible(date: Date | undefined): date is Date {
  if (!date || Number.isNaN(date.getTime())) return false;
  const year = date.getUTCFullYear();
  return year >= 1980 && year <= 2100;
}

/**
 * "2025-10-01", "2025-10-01T09:00:00Z", "Oct 13, 2020", "13 October 2020", "October 13 2020",
 * "Tue, 01 Oct 2025 10:00:00 GMT" -> ISO 8601 instant (UTC). Anything else -> undefined.
 */
export function parseDate(input: string | Date | undefined | null): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (input instanceof Date) return plausible(input) ? input.toISOString() : undefined;
  const text = input.trim();
  if (!text) return undefined;

  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
  if (iso) {
    if (text.length === 10) {
      const date = utc(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
      return plausible(date) ? date.toISOString() : undefined;
    }
    const date = new Date(text.replace(' ', 'T'));
    return plausible(date) ? date.toISOString() : undefined;
  }

  const monthFirst =
    /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(
      text,
    );
  if (monthFirst && monthIndex(monthFirst[1]!) >= 0) {
    const date = utc(Number(monthFirst[3]), monthIndex(monthFirst[1]!), Number(monthFirst[2]));
    return plausible(date) ? date.toISOString() : undefined;
  }
  const dayFirst =
    /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(
      text,
    );
  if (dayFirst && monthIndex(dayFirst[2]!) >= 0) {
    const date = utc(Number(dayFirst[3]), monthIndex(dayFirst[2]!), Number(dayFirst[1]));
    return plausible(date) ? date.toISOString() : undefined;
  }
  // RFC 2822 dates from feeds and mail headers.
  if (/^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}/.test(text)) {
    const date = new Date(text);
    return plausible(date) ? date.toISOString() : undefined;
  }
  return undefined;
}

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** "30m", "24h", "7d", "2w" -> milliseconds; undefined when it is not a duration. */
export function parseDuration(input: string): number | undefined {
  const m = /^(\d+)\s*(m|min|h|hr|hours?|d|days?|w|weeks?)$/i.exec(input.trim());
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase()[0]!;
  return Number(m[1]) * UNIT_MS[unit]!;
}

/**
 * A `--since` value: a duration back from `now` ("24h", "7d") or a date/instant ("2025-10-01").
 * Returns the ISO instant it denotes, or undefined when it is neither.
 */
export function resolveSince(input: string, now: Date): string | undefined {
  const ms = parseDuration(input);
  if (ms !== undefined) return new Date(now.getTime() - ms).toISOString();
  return parseDate(input);
}

/** The calendar date part of an ISO instant: "2025-10-01". */
export function isoDay(instant: string | null | undefined): string {
  return instant ? instant.slice(0, 10) : 'undated';
}
