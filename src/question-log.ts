import type { Outcome } from './answer/answer.js';

/** One answered (or unanswered) question, as the question log keeps it. */
export interface QuestionRecord {
  readonly id: string;
  readonly at: number;
  readonly platform: string;
  readonly userId: string;
  readonly question: string;
  readonly outcome: Outcome;
  readonly topAddress: string | null;
  readonly latencyMs: number;
}

/** A 👍 or 👎 on an answer, or on one passage of it. */
export interface FeedbackRecord {
  readonly answerId: string;
  readonly platform: string;
  readonly userId: string;
  readonly vote: 'up' | 'down';
  readonly address?: string;
  readonly at: number;
}

/**
 * Where questions and feedback go. The SQLite log implements it; the no-op
 * log is used when logging is off or the database is unusable, so answers
 * never depend on it.
 */
export interface QuestionLog {
  record(entry: QuestionRecord): void;
  feedback(entry: FeedbackRecord): void;
  close(): void;
  /** `degraded` while writes fail; shown on /readyz without making the bot unready. */
  health?(): 'ok' | 'degraded';
}

/** A question log that keeps nothing. */
export const NO_QUESTION_LOG: QuestionLog = { record: () => {}, feedback: () => {}, close: () => {} };
