/** The outcome of taking one question from a user's window. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * One sliding window of questions per key (a platform and a user). The
 * memory implementation counts in this process; the Redis one counts across
 * every replica, atomically.
 */
export interface RateLimiter {
  /** Counts one question for `key` if fewer than `limit` were taken in the last `windowMs`. */
  take(key: string, limit: number, windowMs: number): RateDecision | Promise<RateDecision>;
}

/**
 * A sliding window per key, kept in this process's memory: the default, and
 * the fallback when Redis cannot answer.
 *
 * @example
 * const limiter = new MemoryRateLimiter();
 * limiter.take('slack:U1', 10, 60_000) // { ok: true }
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #now: () => number;
  readonly #taken = new Map<string, number[]>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  take(key: string, limit: number, windowMs: number): RateDecision {
    const now = this.#now();
    const recent = (this.#taken.get(key) ?? []).filter((t) => now - t < windowMs);
    this.#taken.set(key, recent);
    if (recent.length >= limit) return { ok: false, retryAfterMs: (recent[0] ?? now) + windowMs - now };
    recent.push(now);
    if (this.#taken.size > 10_000) this.#sweep(now, windowMs);
    return { ok: true };
  }

  #sweep(now: number, windowMs: number): void {
    for (const [key, times] of this.#taken) if (times.every((t) => now - t >= windowMs)) this.#taken.delete(key);
  }
}
