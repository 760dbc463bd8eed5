/**
 * @module Plain text reports: an early date line is the publication date; the title is left to
 * the ingest use case, which takes the first line when it reads like a headline.
 */
import type { ReportDraft } from '../../../core/model/report.ts';
import { parseDate } from '../../../core/text/dates.ts';

export function parsePlainText(text: string): ReportDraft[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const published = lines
    .slice(1, 5)
    .map((line) => parseDate(line))
    .find(Boolean);
  return [{ sourceKind: 'text', text, published }];
}
