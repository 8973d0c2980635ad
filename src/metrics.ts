import type { Outcome } from './answer/answer.js';

/** Why a question was refused before it was answered. */
export type RefusalReason = 'rate_limited' | 'not_allowed' | 'shutting_down';

/** What the bot counts, whatever collects it (prom-client in production). */
export interface BotMetrics {
  answered(platform: string, outcome: Outcome | 'refused', seconds: number): void;
  feedback(platform: string, vote: 'up' | 'down'): void;
  /** A question refused by the rate limit, an allow-list, or because the bot is shutting down. */
  refused?(platform: string, reason: RefusalReason): void;
  /** A reply that could not be delivered to the platform; `reason` is a short stable code. */
  deliveryFailed?(platform: string, reason: string): void;
  /** A response deferred ("thinking…") because the answer was not ready in time. */
  deferred?(platform: string): void;
  /** A store (the question log, say) that failed to write or to open. */
  storeError?(store: string, operation: string): void;
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

/**
 * A short, bounded label for why a delivery failed: Slack's error code
 * (`not_in_channel`), an HTTP status class, a Discord error code, or
 * `network`. Never a message, which could carry a URL with a token.
 */
export function failureReason(error: unknown): string {
  const e = error as { data?: { error?: unknown }; code?: unknown; status?: unknown; rawError?: { code?: unknown } };
  const clean = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 40);
  if (typeof e?.data?.error === 'string') return clean(e.data.error);
  if (typeof e?.code === 'number') return `discord_${e.code}`;
  if (typeof e?.status === 'number') return `http_${Math.floor(e.status / 100)}xx`;
  if (typeof e?.code === 'string') return clean(e.code);
  return 'network';
}
