/** @module Logger port: structured, leveled; adapters never log secrets. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything: for tests and for tools that print their own output. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
