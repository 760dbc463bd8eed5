/**
 * @module Retries of Bot Framework connector calls that Teams refuses for now (throttling, a busy
 * conversation, a gateway hiccup): exponential backoff with jitter, sleep and randomness injected.
 */

/** 429 throttled, 412 conversation busy ("PreconditionFailed"), 502/504 gateway errors. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([412, 429, 502, 504]);

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1): the jitter. */
  random(): number;
  /** Told before each wait, for the log. */
  onRetry?(info: { attempt: number; status: number; delayMs: number }): void;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The HTTP status of a failed connector call (botbuilder throws a RestError with `statusCode`). */
export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown } | null;
  const status = e?.statusCode ?? e?.status;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): unknown } } } | null)
    ?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Backoff doubles per try; "equal jitter" keeps at least half of it so retries never bunch up at 0. */
export function retryDelay(policy: RetryPolicy, attempt: number, error: unknown): number {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = backoff / 2 + policy.random() * (backoff / 2);
  const asked = Math.min(policy.maxDelayMs, retryAfterMs(error) ?? 0);
  return Math.round(Math.max(jittered, asked));
}

export async function withRetry<T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || !RETRYABLE_STATUS.has(status) || attempt >= policy.attempts)
        throw error;
      const delayMs = retryDelay(policy, attempt, error);
      policy.onRetry?.({ attempt, status, delayMs });
      await policy.sleep(delayMs);
    }
  }
}
