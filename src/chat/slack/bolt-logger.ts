/**
 * @module Bolt's and the WebClient's logging, sent through our Logger (JSON lines, secrets
 * redacted). LOG_LEVEL decides what is written; Bolt's own level setting is only remembered.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { LogFields, Logger } from '../../core/ports/logger.ts';

function split(parts: unknown[]): { message: string; fields: LogFields } {
  const words: string[] = [];
  const details: unknown[] = [];
  for (const part of parts) {
    if (typeof part === 'string' || typeof part === 'number') words.push(String(part));
    else details.push(part);
  }
  const message = `slack: ${words.join(' ') || 'bolt'}`;
  return { message, fields: details.length > 0 ? { detail: details } : {} };
}

export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const at =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const { message, fields } = split(parts);
      logger[method](message, fields);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
