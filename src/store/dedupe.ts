/**
 * Remembers which events were already handled, so that one delivered twice
 * (a Slack retry, a Discord interaction replayed) is answered once, whichever
 * replica receives it. Ids are namespaced by the caller (`slack:Ev1`,
 * `discord:123`). The memory implementation is per process; the Redis one is
 * shared by every replica.
 */
export interface Dedupe {
  /** True the first time an id is seen within the store's TTL (and records it); false for a repeat. */
  firstTime(id: string): boolean | Promise<boolean>;
}
