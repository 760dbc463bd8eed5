/** @module CronCalendar port: when a cron expression fires in a time zone, DST included. */

export interface CronCalendar {
  /** Null when the expression is fine, else what is wrong with it. */
  problem(cron: string): string | null;
  /** The latest firing instant at or before `at` (within a month), if any. */
  previous(cron: string, timezone: string, at: Date): Date | undefined;
  /** The first firing instant strictly after `at` (within a month), if any. */
  next(cron: string, timezone: string, at: Date): Date | undefined;
}
