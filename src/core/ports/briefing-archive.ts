/** @module BriefingArchive port: every briefing is also kept as a Markdown file. */

export interface BriefingArchive {
  /** Writes the briefing; returns where it went. `day` is YYYY-MM-DD in the destination's zone. */
  write(entry: { day: string; destination: string; markdown: string }): Promise<string>;
}
