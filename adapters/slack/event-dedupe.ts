/** How long, and how many, event ids are remembered. */
export interface EventDedupeOptions {
  /** How long an event id is remembered. Slack retries within minutes; default 1 hour. */
  readonly ttlMs?: number;
  /** Most ids remembered; the oldest are forgotten first. Default 10,000. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Remembers Events API `event_id`s for a while, so that an event Slack
 * retries (`retry_num > 0`, for example after a timeout) is answered once.
 * Bolt passes the retry number but does not dedupe.
 *
 * @see https://docs.slack.dev/apis/events-api/#retries
 * @example
 * const dedupe = new EventDedupe({ now: () => clock });
 * dedupe.firstTime('Ev1') // true
 * dedupe.firstTime('Ev1') // false
 */
export class EventDedupe {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  /** Event id → when it was first seen. A Map keeps insertion order, so the oldest come first. */
  readonly #seen = new Map<string, number>();

  constructor(options: EventDedupeOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.#max = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** True the first time an id is seen within the TTL, and records it; false for a repeat. */
  firstTime(eventId: string): boolean {
    const now = this.#now();
    this.#expire(now);
    const at = this.#seen.get(eventId);
    if (at !== undefined && now - at < this.#ttlMs) return false;
    this.#seen.delete(eventId);
    this.#seen.set(eventId, now);
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
