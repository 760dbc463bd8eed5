/** @module The one error type of the project: a stable `code` for programs, a message for people. */

export const ERROR_CODES = [
  'unsupported_type',
  'empty_text',
  'too_large',
  'invalid_encoding',
  'binary_content',
  'invalid_json',
  'invalid_stix',
  'invalid_misp',
  'invalid_pdf',
  'invalid_input',
  'unreadable',
  'not_found',
  'config',
  'store',
  'forbidden',
  'engine',
  'platform',
  'fetch_failed',
  'blocked_address',
  'invalid_feed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ThreatBriefError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ThreatBriefError';
    this.code = code;
  }
}

export function isThreatBriefError(error: unknown): error is ThreatBriefError {
  return error instanceof ThreatBriefError;
}

/** Wraps anything thrown into a ThreatBriefError, keeping the original as `cause`. */
export function asThreatBriefError(error: unknown, fallback: ErrorCode): ThreatBriefError {
  if (isThreatBriefError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ThreatBriefError(fallback, message, { cause: error });
}
