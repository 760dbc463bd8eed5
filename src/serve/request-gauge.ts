/**
 * @module How busy the server is with requests right now, so answer work can give way to them:
 * answering (composing, rendering, posting) waits until no request is being handled, for a short
 * bounded time, so a burst of commands is acked first and answered right after, and /healthz never
 * queues behind a pile of answers. Under load that never lets up, answers go ahead after the wait.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Yielding {
  /** Resolves when no request is in progress, or after `maxWaitMs` at the latest. */
  quiet(maxWaitMs?: number): Promise<void>;
}

/** For code that runs without a server (tests, the console): never waits. */
export const NEVER_YIELD: Yielding = { quiet: () => Promise.resolve() };

export class RequestGauge implements Yielding {
  #active = 0;
  #waiting: (() => void)[] = [];
  #waking = false;

  get active(): number {
    return this.#active;
  }

  /** Counts a request until its response is done (sent or abandoned). */
  track(_req: IncomingMessage, res: ServerResponse): void {
    this.#active += 1;
    res.once('close', () => {
      this.#active -= 1;
      this.#wakeNext();
    });
  }

  quiet(maxWaitMs = 2000): Promise<void> {
    if (this.#active === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let done = false;
      const wake = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiting = this.#waiting.filter((w) => w !== wake);
        wake();
      }, maxWaitMs);
      this.#waiting.push(wake);
      this.#wakeNext();
    });
  }

  /**
   * Wakes one waiter at a time, and the next only after the event loop has looked for new
   * requests (setImmediate runs after I/O): a quiet moment lets one piece of answer work through,
   * not all of it at once.
   */
  #wakeNext(): void {
    if (this.#waking || this.#active > 0 || this.#waiting.length === 0) return;
    this.#waking = true;
    setImmediate(() => {
      this.#waking = false;
      if (this.#active > 0) return;
      this.#waiting.shift()?.();
      this.#wakeNext();
    });
  }
}
