/** @module The briefings/ archive: one Markdown file per destination per day, later briefings appended. */
import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BriefingArchive } from '../core/ports/briefing-archive.ts';

/** File-name safe: "slack-C0123" stays, "teams-19:abc@thread.tacv2" becomes "teams-19-abc-thread-tacv2". */
export function slug(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

export class MarkdownArchive implements BriefingArchive {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async write(entry: { day: string; destination: string; markdown: string }): Promise<string> {
    await mkdir(this.#dir, { recursive: true });
    const path = join(this.#dir, `${entry.day}-${slug(entry.destination)}.md`);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (exists) await appendFile(path, `\n---\n\n${entry.markdown}`);
    else await writeFile(path, entry.markdown);
    return path;
  }
}
