/**
 * @module CronCalendar on node-cron: node-cron decides whether an instant matches an expression
 * in a time zone (DST included); we walk minute by minute, at most a month, to find firings.
 */
import { createTask, validateDetailed } from 'node-cron';
import type { CronCalendar } from '../core/ports/cron-calendar.ts';

const MINUTE = 60_000;
const SEARCH_MINUTES = 32 * 24 * 60;

type Matcher = { match(date: Date): boolean };

export class NodeCronCalendar implements CronCalendar {
  readonly #matchers = new Map<string, Matcher>();

  #matcher(cron: string, timezone: string): Matcher {
    const key = `${cron}\u0000${timezone}`;
    let matcher = this.#matchers.get(key);
    if (!matcher) {
      // A task that is never started: only its matcher is used.
      matcher = createTask(cron, () => {}, { timezone });
      this.#matchers.set(key, matcher);
    }
    return matcher;
  }

  problem(cron: string): string | null {
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5)
      return 'use five fields: minute hour day-of-month month day-of-week (e.g. "0 8 * * 1-5")';
    const checked = validateDetailed(cron);
    return checked.valid ? null : checked.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  }

  previous(cron: string, timezone: string, at: Date): Date | undefined {
    const matcher = this.#matcher(cron, timezone);
    let t = Math.floor(at.getTime() / MINUTE) * MINUTE;
    for (let i = 0; i < SEARCH_MINUTES; i++, t -= MINUTE)
      if (matcher.match(new Date(t))) return new Date(t);
    return undefined;
  }

  next(cron: string, timezone: string, at: Date): Date | undefined {
    const matcher = this.#matcher(cron, timezone);
    let t = Math.floor(at.getTime() / MINUTE) * MINUTE + MINUTE;
    for (let i = 0; i < SEARCH_MINUTES; i++, t += MINUTE)
      if (matcher.match(new Date(t))) return new Date(t);
    return undefined;
  }
}
