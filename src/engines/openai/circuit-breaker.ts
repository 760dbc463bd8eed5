/**
 * @module A circuit breaker for the model endpoint: after `threshold` failures in a row it stops
 * calling for `cooldownMs`, so a dead endpoint costs each question nothing but the fallback. After
 * the pause one call is let through; its failure pauses again at once, its success closes the
 * circuit. Hand-written because it reads the injected Clock (breaker libraries read Date.now, which
 * a test at a fixed instant cannot move).
 */
import type { Clock } from '../../core/ports/clock.ts';

export class CircuitBreaker {
  readonly #clock: Clock;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  #failures = 0;
  #openUntil: number | null = null;

  constructor(clock: Clock, options: { threshold?: number; cooldownMs?: number } = {}) {
    this.#clock = clock;
    this.#threshold = options.threshold ?? 3;
    this.#cooldownMs = options.cooldownMs ?? 60_000;
  }

  /** When calls may go out again, or null when they may now. */
  pausedUntil(): Date | null {
    if (this.#openUntil === null || this.#clock.now().getTime() >= this.#openUntil) return null;
    return new Date(this.#openUntil);
  }

  /** Failures in a row so far. */
  get failures(): number {
    return this.#failures;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#openUntil = null;
  }

  failed(): void {
    this.#failures++;
    if (this.#failures >= this.#threshold)
      this.#openUntil = this.#clock.now().getTime() + this.#cooldownMs;
  }
}
