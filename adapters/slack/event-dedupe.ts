/**
 * The Slack adapter's memory of `event_id`s, so that an event Slack retries
 * (`retry_num > 0`, for example after a timeout) is answered once. Bolt passes
 * the retry number but does not dedupe. The store is chosen in
 * `adapters/stores.ts`: this process's memory, or Redis for every replica.
 *
 * @see https://docs.slack.dev/apis/events-api/#retries
 */
export {
  MemoryDedupe as EventDedupe,
  type MemoryDedupeOptions as EventDedupeOptions,
} from '../../src/store/memory-dedupe.js';
export type { Dedupe } from '../../src/store/dedupe.js';
