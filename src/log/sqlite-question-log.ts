import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { FeedbackRecord, QuestionLog, QuestionRecord } from '../question-log.js';
import { dataDirError } from './data-dir.js';
import { errorForLog } from '../logger.js';

/**
 * Versioned migrations: entry N brings the schema from version N to N+1
 * (kept in `PRAGMA user_version`). Never edit one that has shipped; add.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE questions (
     id TEXT PRIMARY KEY,
     at INTEGER NOT NULL,
     platform TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     question TEXT NOT NULL,
     outcome TEXT NOT NULL,
     top_address TEXT,
     latency_ms REAL NOT NULL
   );
   CREATE INDEX questions_at ON questions (at);
   CREATE INDEX questions_outcome ON questions (outcome, question);
   CREATE TABLE feedback (
     answer_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     user_hash TEXT NOT NULL,
     address TEXT NOT NULL DEFAULT '',
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     at INTEGER NOT NULL,
     PRIMARY KEY (answer_id, user_hash, address)
   );`,
];

export interface SqliteQuestionLogOptions {
  readonly dataDir: string;
  readonly retentionDays: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Told of every failed open and write (`qabot_store_errors_total`). */
  readonly onError?: (operation: 'open' | 'write') => void;
}

const DAY = 86_400_000;

/**
 * The question log in SQLite (better-sqlite3), in `DATA_DIR/questions.db`.
 * It never stops an answer: if the database can't be opened (locked,
 * corrupt, read-only) `open` returns undefined after logging why, and a
 * write that fails is logged and dropped.
 */
export class SqliteQuestionLog implements QuestionLog {
  readonly db: Database.Database;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #retentionMs: number;
  readonly #insertQuestion: Database.Statement;
  readonly #insertFeedback: Database.Statement;
  #sweeper: NodeJS.Timeout | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #queue: Array<() => unknown> = [];
  #failures = 0;
  #degraded = false;
  readonly #onError: ((operation: 'open' | 'write') => void) | undefined;

  private constructor(db: Database.Database, options: SqliteQuestionLogOptions) {
    this.db = db;
    this.#onError = options.onError;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#retentionMs = options.retentionDays * DAY;
    this.#insertQuestion = db.prepare(
      'INSERT OR IGNORE INTO questions (id, at, platform, user_hash, question, outcome, top_address, latency_ms) VALUES (@id, @at, @platform, @userId, @question, @outcome, @topAddress, @latencyMs)',
    );
    this.#insertFeedback = db.prepare(
      `INSERT INTO feedback (answer_id, user_hash, address, vote, at)
       SELECT @answerId, @userId, @address, @vote, @at WHERE EXISTS (SELECT 1 FROM questions WHERE id = @answerId)
       ON CONFLICT (answer_id, user_hash, address) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
    );
  }

  /**
   * Opens (creating and migrating as needed) the log.
   *
   * @throws BotError `DATA_DIR` naming the folder and the fixes, when it can't be used
   */
  static create(options: SqliteQuestionLogOptions): SqliteQuestionLog {
    const file = path.join(options.dataDir, 'questions.db');
    let db: Database.Database | undefined;
    try {
      mkdirSync(options.dataDir, { recursive: true });
      db = new Database(file, { timeout: 100 });
      db.pragma('journal_mode = WAL');
      // WAL with NORMAL sync: no fsync per write; a power cut may lose the last moments, never corrupts.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('quick_check');
      migrate(db);
      const log = new SqliteQuestionLog(db, options);
      log.sweep();
      log.#sweeper = setInterval(() => log.sweep(), 6 * 3_600_000).unref();
      return log;
    } catch (error) {
      db?.close();
      options.onError?.('open');
      throw dataDirError(options.dataDir, error);
    }
  }

  /** `degraded` while writes fail (a full or read-only disk): answers still go out, unlogged. */
  health(): 'ok' | 'degraded' {
    return this.#degraded ? 'degraded' : 'ok';
  }

  /** Queues a question; queued writes reach the database together, off the answer path. */
  record(entry: QuestionRecord): void {
    this.#enqueue(() => this.#insertQuestion.run(entry));
  }

  feedback(entry: FeedbackRecord): void {
    this.#enqueue(() => this.#insertFeedback.run({ ...entry, address: entry.address ?? '' }));
  }

  /** Writes everything queued, in one transaction. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const queued = this.#queue.splice(0);
    if (queued.length === 0 || !this.db.open) return;
    this.#write(() =>
      this.db.transaction(() => {
        for (const write of queued) write();
      })(),
    );
  }

  #enqueue(write: () => unknown): void {
    this.#queue.push(write);
    if (this.#queue.length >= 500) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), 50);
  }

  /** Deletes what is older than the retention period. */
  sweep(): void {
    this.#write(() => this.db.prepare('DELETE FROM questions WHERE at < ?').run(this.#now() - this.#retentionMs));
  }

  close(): void {
    if (this.#sweeper !== undefined) clearInterval(this.#sweeper);
    this.flush();
    if (this.db.open) this.db.close();
  }

  #write(run: () => unknown): void {
    try {
      run();
      this.#degraded = false;
    } catch (error) {
      this.#degraded = true;
      this.#failures++;
      this.#onError?.('write');
      // One line per failure burst, not per question.
      if (this.#failures === 1 || this.#failures % 100 === 0) {
        this.#logger.error(
          { err: errorForLog(error), failures: this.#failures },
          'question log write failed; the answer was still sent',
        );
      }
    }
  }
}

/** Brings a database to the latest schema, one version at a time, each in a transaction. */
export function migrate(db: Database.Database): number {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length)
    throw new Error(
      `database schema version ${current} is newer than this bot (${MIGRATIONS.length}); upgrade the bot`,
    );
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
