/**
 * @module JSON-lines logging to stderr at LOG_LEVEL. Any field whose name looks like a secret,
 * and any token-shaped string, is redacted before it is written.
 */
import type { LogFields, Logger, LogLevel } from './core/ports/logger.ts';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_KEY = /token|secret|password|authorization|signature|cookie|apikey|api_key/i;
const SECRET_VALUE = /\b(?:xox[abprs]-[\w-]+|xapp-[\w-]+|Bearer\s+[\w.-]+|sk-[\w-]{16,})/g;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(SECRET_VALUE, '[redacted]');
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error)
    return {
      name: value.name,
      message: redact(value.message),
      code: (value as { code?: unknown }).code,
    };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  // A number is never a credential: "promptTokens: 812" stays readable.
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) && typeof v !== 'number' ? '[redacted]' : redact(v, depth + 1);
  return out;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const log =
    (at: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: LogFields = {}) => {
      if (ORDER[at] < ORDER[level]) return;
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level: at, message: redact(message), ...(redact(fields) as LogFields) })}\n`,
      );
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
