/** @module A one-line progress bar on stderr, drawn only when stderr is a terminal. */
import type { CliIO } from './command.ts';
import { named } from './format.ts';

export function progressBar(io: CliIO, label: string) {
  let lastDraw = 0;
  return {
    update(done: number, total: number, item: string) {
      if (!io.isTTY) return;
      const now = Date.now();
      if (done < total && now - lastDraw < 50) return;
      lastDraw = now;
      const width = 24;
      const filled = total ? Math.round((done / total) * width) : width;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const head = `${label} ${bar} ${done}/${total} `;
      const room = Math.max(0, io.columns - head.length - 1);
      const shownItem = named(item);
      const name =
        shownItem.length > room ? `…${shownItem.slice(shownItem.length - room + 1)}` : shownItem;
      io.stderr(`\r\x1b[2K${head}${name}`);
    },
    finish() {
      if (io.isTTY) io.stderr('\r\x1b[2K');
    },
  };
}
