/**
 * @module The reporting period a question asks about ("this week", "in the last 48 hours",
 * "since March 2021"), as a window of ISO instants relative to `now`, read by chrono-node. A date
 * named without such words ("the 2016 election", "in September 2021") is part of what is asked
 * about, not a filter on when reports came out, so it yields no window.
 */
import * as chrono from 'chrono-node/en';

export interface TimeWindow {
  from: string;
  to: string;
  /** The words that set it, to echo in the answer. */
  phrase: string;
}

const RELATIVE = /\b(?:last|past|this|today|yesterday|ago|recent)\b/i;

export function timeWindow(text: string, now: Date): TimeWindow | null {
  for (const hit of chrono.parse(text, now, { forwardDate: false })) {
    const since = /\bsince\s+$/i.test(text.slice(0, hit.index));
    if (!since && !RELATIVE.test(hit.text)) continue;
    const start = hit.start.date();
    if (start.getTime() > now.getTime()) continue;
    return {
      from: start.toISOString(),
      to: now.toISOString(),
      phrase: since ? `since ${hit.text}` : hit.text,
    };
  }
  return null;
}
