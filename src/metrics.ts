import type { Outcome } from './answer/answer.js';

/** What the bot counts, whatever collects it (prom-client in production). */
export interface BotMetrics {
  answered(platform: string, outcome: Outcome | 'refused', seconds: number): void;
  feedback(platform: string, vote: 'up' | 'down'): void;
}

/** Metrics that go nowhere, for tests and the terminal. */
export const NO_METRICS: BotMetrics = { answered: () => {}, feedback: () => {} };

/** What the shared stores count: decisions taken alone when a store could not answer, and log rows. */
export interface StoreMetrics {
  /** Redis did not answer in time (or is down): this process decided alone. */
  storeFallback(store: 'redis', operation: 'rate_limit' | 'dedupe'): void;
  /** Question-log rows dropped because the write queue was full. */
  questionLogDropped(rows: number): void;
  /** Question-log rows waiting to be written, now. */
  questionLogQueued(rows: number): void;
}

/** Store metrics that go nowhere, for tests and the terminal. */
export const NO_STORE_METRICS: StoreMetrics = {
  storeFallback: () => {},
  questionLogDropped: () => {},
  questionLogQueued: () => {},
};
