import type { Dedupe } from './dedupe.js';

/** How long, and how many, ids are remembered. */
export interface MemoryDedupeOptions {
  /** How long an id is remembered. Slack retries within minutes; default 1 hour. */
  readonly ttlMs?: number;
  /** Most ids remembered; the oldest are forgotten first. Default 10,000. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Remembers ids (Slack `event_id`s, Discord interaction ids) for a while, in
 * this process only, so that a retried event is answered once. It is the
 * default store, and the fallback when Redis cannot answer.
 *
 * @see https://docs.slack.dev/apis/events-api/#retries
 * @example
 * const dedupe = new MemoryDedupe({ now: () => clock });
 * dedupe.firstTime('Ev1') // true
 * dedupe.firstTime('Ev1') // false
 */
export class MemoryDedupe implements Dedupe {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  /** Id → when it was first seen. A Map keeps insertion order, so the oldest come first. */
  readonly #seen = new Map<string, number>();

  constructor(options: MemoryDedupeOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.#max = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** True the first time an id is seen within the TTL, and records it; false for a repeat. */
  firstTime(id: string): boolean {
    const now = this.#now();
    this.#expire(now);
    const at = this.#seen.get(id);
    if (at !== undefined && now - at < this.#ttlMs) return false;
    this.#seen.delete(id);
    this.#seen.set(id, now);
    while (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next();
      if (oldest.done === true) break;
      this.#seen.delete(oldest.value);
    }
    return true;
  }

  /** How many ids are remembered. */
  get size(): number {
    return this.#seen.size;
  }

  #expire(now: number): void {
    for (const [id, at] of this.#seen) {
      if (now - at < this.#ttlMs) break;
      this.#seen.delete(id);
    }
  }
}
