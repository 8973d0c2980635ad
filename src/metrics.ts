import type { Outcome } from './answer/answer.js';

/** What the bot counts, whatever collects it (prom-client in production). */
export interface BotMetrics {
  answered(platform: string, outcome: Outcome | 'refused', seconds: number): void;
  feedback(platform: string, vote: 'up' | 'down'): void;
}

/** Metrics that go nowhere, for tests and the terminal. */
export const NO_METRICS: BotMetrics = { answered: () => {}, feedback: () => {} };
