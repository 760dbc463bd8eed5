/**
 * @module botbuilder writes to the console itself (a stack trace for every refused token, key
 * lookups, bad requests), where LOG_LEVEL cannot reach. Work run through `quietly` has those writes
 * sent to our logger at debug level instead; everywhere else the console is untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../../core/ports/logger.ts';

const scope = new AsyncLocalStorage<Logger>();
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
/** Our wrappers, so a console method someone replaced since (a test spy, another library) is wrapped anew. */
const wrappers = new WeakSet<(...parts: unknown[]) => void>();

function text(part: unknown): string {
  if (part instanceof Error) return `${part.name}: ${part.message}`;
  return typeof part === 'string' ? part : String(part);
}

function install(): void {
  for (const method of METHODS) {
    const current = console[method];
    if (wrappers.has(current)) continue;
    const wrapper = (...parts: unknown[]) => {
      const logger = scope.getStore();
      if (!logger) return current.apply(console, parts);
      // The first line only: the rest of a stack trace tells an operator nothing they can act on.
      const said = parts.map(text).join(' ').split('\n')[0]!.slice(0, 300);
      logger.debug('teams: botbuilder said', { said });
    };
    wrappers.add(wrapper);
    console[method] = wrapper;
  }
}

export function quietly<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  install();
  return scope.run(logger, work);
}
