/** @module Plain text reports: the first short line is the title, an early date line the publication date. */
import type { ReportDraft } from '../../../core/model/report.ts';
import { parseDate } from '../../../core/text/dates.ts';

export function parsePlainText(text: string): ReportDraft[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines[0];
  const title = first && first.length <= 200 && lines.length > 1 ? first : undefined;
  const published = lines
    .slice(1, 5)
    .map((line) => parseDate(line))
    .find(Boolean);
  return [{ sourceKind: 'text', text, title, published }];
}
