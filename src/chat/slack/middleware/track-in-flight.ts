/**
 * @module Remembers the work still running after Slack was acked, so stopping the platform waits
 * for answers being posted instead of closing the store under them.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

export class InFlight {
  readonly #work = new Set<Promise<void>>();

  get size(): number {
    return this.#work.size;
  }

  middleware(): Middleware<AnyMiddlewareArgs> {
    return async ({ next }) => {
      const work = next();
      this.#work.add(work);
      try {
        await work;
      } finally {
        this.#work.delete(work);
      }
    };
  }

  /** Resolves when everything running now has finished, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#work]), timeout]);
    clearTimeout(timer);
  }
}
