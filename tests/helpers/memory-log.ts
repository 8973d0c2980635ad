import type { FeedbackRecord, QuestionLog, QuestionRecord } from '../../src/question-log.js';

/** A question log that keeps what it is given in memory, for assertions. */
export class MemoryQuestionLog implements QuestionLog {
  readonly records: QuestionRecord[] = [];
  readonly votes: FeedbackRecord[] = [];
  record(entry: QuestionRecord): void {
    this.records.push(entry);
  }
  feedback(entry: FeedbackRecord): void {
    this.votes.push(entry);
  }
  close(): void {}
}
