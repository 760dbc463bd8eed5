/** @module Text normalization: the canonical form we store, and the looser form we hash to spot duplicates. */
import { createHash } from 'node:crypto';

// C0 controls except tab and newline, DEL, zero-width characters and bidi overrides: none carry
// meaning in a report, and the last two are favourite tools for hiding text from a reader.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;

/**
 * The stored form of a report's text: NFC, LF line ends, no invisible or control characters,
 * single spaces inside lines, at most one blank line between paragraphs. Passage offsets and
 * citation quotes refer to this form, so it must stay stable.
 */
export function normalizeText(raw: string): string {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim());
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** sha256 over a case- and spacing-insensitive form: the same text twice is one report. */
export function contentHash(text: string): string {
  const loose = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(loose).digest('hex');
}
