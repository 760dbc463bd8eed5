/** @module Bytes to text for text formats: UTF-8 (or UTF-16 with a BOM), refusing binary and broken encodings. */
import { ThreatBriefError } from '../../core/errors.ts';

/** Control bytes that never appear in text (tab, LF, CR, FF and ESC aside). */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search for the first offset where strict decoding of the prefix fails.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      decoder.decode();
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksBinary(bytes)) {
    throw new ThreatBriefError(
      'binary_content',
      'binary content, not text (is the extension right?)',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new ThreatBriefError(
      'invalid_encoding',
      `not valid UTF-8 (first bad byte near offset ${at}); convert the file to UTF-8 and try again`,
    );
  }
}
