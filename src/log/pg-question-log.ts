import { hostname } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { NO_STORE_METRICS, type StoreMetrics } from '../metrics.js';
import type { FeedbackRecord, QuestionLog, QuestionRecord } from '../question-log.js';
import { withoutPasswords } from '../store/redact-url.js';
import { Journal } from './journal.js';
import { migratePg } from './pg-migrate.js';

/** Longest a query may run, and longest to wait for a connection. */
export const PG_TIMEOUTS = { statementMs: 5_000, connectMs: 2_000 } as const;

export interface PgQuestionLogOptions {
  /** DATABASE_URL. Never logged. */
  readonly url: string;
  /** Where the local journal of rows not yet written lives (DATA_DIR); none: rows queued in memory only. */
  readonly dataDir?: string;
  readonly retentionDays: number;
  readonly logger: Logger;
  readonly metrics?: StoreMetrics;
  /** Most rows waiting to be written; past it rows are dropped and counted. Default 10,000. */
  readonly maxQueued?: number;
  /** Rows per write. Default 500. */
  readonly batch?: number;
  /** Pause after a failed write before the next try. Default 1 s. */
  readonly retryMs?: number;
  readonly now?: () => number;
}

/** A row waiting to be written: a question or a vote. */
type Row = { readonly q: QuestionRecord } | { readonly f: FeedbackRecord };

const DAY = 86_400_000;

/** How long a vote waits for the answer it rates to be written (by this replica or another) before it is dropped. */
export const VOTE_WAIT_MS = 120_000;

const voteKey = (f: FeedbackRecord): string => `${f.answerId}\u0000${f.userId}\u0000${f.address ?? ''}`;

/**
 * The question log in PostgreSQL, shared by every replica. Answers never
 * wait for it: rows go to a bounded queue (and a local journal, so a killed
 * replica loses none) and are written in batches off the answer path. While
 * the database is down or slow, rows wait and `health()` is 'degraded';
 * when it is back they are written. Rows past the bound are dropped,
 * counted in a metric and logged at most once a minute.
 */
export class PgQuestionLog implements QuestionLog {
  readonly pool: pg.Pool;
  readonly #o: PgQuestionLogOptions;
  readonly #metrics: StoreMetrics;
  readonly #max: number;
  readonly #queue: Row[] = [];
  readonly #journal: Journal | undefined;
  #migrated = false;
  #writing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  #failing = false;
  #failedLoggedAt = -Infinity;
  #dropped = 0;
  #droppedLoggedAt = -Infinity;
  #closed = false;
  /** Votes on answers not in the database yet (another replica may still be writing them), and since when. */
  #waiting: FeedbackRecord[] = [];
  readonly #waitingSince = new Map<string, number>();
  #waitTimer: NodeJS.Timeout | undefined;

  constructor(options: PgQuestionLogOptions) {
    this.#o = options;
    this.#metrics = options.metrics ?? NO_STORE_METRICS;
    this.#max = options.maxQueued ?? 10_000;
    this.pool = pgPool(options.url);
    this.pool.on('error', (error) => this.#failed(error));
    if (options.dataDir !== undefined) {
      const file = path.join(options.dataDir, `question-log-queue.${hostname()}.ndjson`);
      try {
        const { journal, rows } = Journal.open(file);
        this.#journal = journal;
        this.#queue.push(...(rows as Row[]));
        if (rows.length > 0)
          options.logger.info({ rows: rows.length }, 'question log: rows from before a restart queued');
      } catch (error) {
        options.logger.warn(
          { err: { message: (error as Error).message }, file },
          'question log: no local journal; a killed process would lose the rows not yet written',
        );
      }
    }
    this.#schedule(0);
    this.#sweeper = setInterval(() => void this.sweep().catch(() => {}), 6 * 3_600_000);
    this.#sweeper.unref();
  }

  /** Brings the schema up to date now (otherwise done before the first write), then deletes what is too old. */
  async migrate(): Promise<void> {
    await migratePg(this.pool);
    this.#migrated = true;
    this.sweep().catch((error: unknown) => this.#failed(error));
  }

  record(entry: QuestionRecord): void {
    this.#push({ q: entry });
  }

  feedback(entry: FeedbackRecord): void {
    this.#push({ f: entry });
  }

  /** 'degraded' while rows cannot be written (the database is down, slow or refusing). */
  health(): 'ok' | 'degraded' {
    return this.#failing ? 'degraded' : 'ok';
  }

  /** Rows waiting to be written. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Writes what is queued, batch after batch, until the queue is empty or a write fails. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#writing !== undefined) await this.#writing;
    while (this.#queue.length > 0) {
      this.#writing = this.#writeBatch();
      const ok = await this.#writing.then(
        () => true,
        () => false,
      );
      this.#writing = undefined;
      if (!ok) break;
    }
  }

  /** Deletes what is older than the retention period. */
  async sweep(): Promise<void> {
    if (!this.#migrated) return;
    const before = (this.#o.now ?? Date.now)() - this.#o.retentionDays * DAY;
    await this.pool.query('DELETE FROM questions WHERE at < $1', [before]);
  }

  /** Writes what it can within `timeoutMs`, then closes; rows left stay in the journal for the next start. */
  async close(timeoutMs = 3_000): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweeper);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    clearTimeout(this.#timer);
    clearTimeout(this.#waitTimer);
    this.#journal?.close();
    await this.pool.end().catch(() => {});
  }

  #push(row: Row): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#max) {
      this.#dropped++;
      this.#metrics.questionLogDropped(1);
      const now = Date.now();
      if (now - this.#droppedLoggedAt >= 60_000) {
        this.#droppedLoggedAt = now;
        this.#o.logger.error(
          { dropped: this.#dropped, queued: this.#queue.length },
          'question log: queue full, rows dropped (the database has not taken writes for a while)',
        );
      }
      return;
    }
    this.#journal?.append(row);
    this.#queue.push(row);
    this.#schedule(this.#queue.length >= (this.#o.batch ?? 500) ? 0 : 50);
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined || this.#writing !== undefined || this.#closed || this.#queue.length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#writing = this.#writeBatch()
        .catch(() => {})
        .finally(() => {
          this.#writing = undefined;
          this.#schedule(this.#failing ? (this.#o.retryMs ?? 1_000) : 0);
        });
    }, delayMs);
  }

  async #writeBatch(): Promise<void> {
    const batch = this.#queue.slice(0, this.#o.batch ?? 500);
    if (batch.length === 0) return;
    try {
      if (!this.#migrated) await this.migrate();
      this.#wait(await writeRows(this.pool, batch));
    } catch (error) {
      this.#failed(error);
      throw error;
    }
    this.#queue.splice(0, batch.length);
    this.#journal?.written([...this.#queue, ...this.#waiting.map((f) => ({ f }))]);
    this.#metrics.questionLogQueued(this.#queue.length);
    if (this.#failing) {
      this.#failing = false;
      this.#o.logger.info({ queued: this.#queue.length }, 'question log: the database takes writes again');
    }
  }

  /**
   * Votes whose answer is not written yet: a 👍 clicked on one replica can
   * reach the database before the answer another replica gave. They are tried
   * again each second for up to {@link VOTE_WAIT_MS}, then dropped, counted
   * and logged.
   */
  #wait(orphans: readonly FeedbackRecord[]): void {
    const now = Date.now();
    for (const f of orphans) {
      const key = voteKey(f);
      const since = this.#waitingSince.get(key) ?? now;
      if (now - since < VOTE_WAIT_MS) {
        this.#waitingSince.set(key, since);
        this.#waiting.push(f);
        continue;
      }
      this.#waitingSince.delete(key);
      this.#dropped++;
      this.#metrics.questionLogDropped(1);
      this.#o.logger.warn({ answerId: f.answerId }, 'question log: a vote on an answer never recorded was dropped');
    }
    if (this.#waiting.length === 0 || this.#waitTimer !== undefined || this.#closed) return;
    this.#waitTimer = setTimeout(() => {
      this.#waitTimer = undefined;
      const retry = this.#waiting;
      this.#waiting = [];
      this.#queue.push(...retry.map((f) => ({ f })));
      this.#schedule(0);
    }, 1_000);
    this.#waitTimer.unref();
  }

  #failed(error: unknown): void {
    this.#failing = true;
    this.#metrics.questionLogQueued(this.#queue.length);
    const now = Date.now();
    if (now - this.#failedLoggedAt < 60_000) return;
    this.#failedLoggedAt = now;
    this.#o.logger.error(
      {
        err: { message: withoutPasswords((error as Error).message), code: (error as { code?: string }).code },
        queued: this.#queue.length,
      },
      'question log: cannot write to PostgreSQL; answers go on and rows wait in the queue',
    );
  }
}

/**
 * A connection pool where nothing waits without a time-out: connecting,
 * each statement (server side) and each query (client side).
 *
 * @see https://node-postgres.com/apis/client#new-client
 */
export function pgPool(url: string, max = 4): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: PG_TIMEOUTS.connectMs,
    statement_timeout: PG_TIMEOUTS.statementMs,
    query_timeout: PG_TIMEOUTS.statementMs + 1_000,
    idleTimeoutMillis: 30_000,
    application_name: 'qabot',
  });
}

/**
 * Writes a batch: questions first, then votes on questions that exist. Both
 * are idempotent. Returns the votes whose answer is not written yet.
 */
async function writeRows(pool: pg.Pool, batch: readonly Row[]): Promise<FeedbackRecord[]> {
  const questions: QuestionRecord[] = [];
  const votes = new Map<string, FeedbackRecord>();
  for (const row of batch) {
    if ('q' in row) questions.push(row.q);
    else votes.set(voteKey(row.f), row.f);
  }
  if (questions.length > 0)
    await pool.query(
      `INSERT INTO questions (id, at, platform, user_hash, question, outcome, top_address, latency_ms)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[])
       ON CONFLICT (id) DO NOTHING`,
      [
        questions.map((q) => q.id),
        questions.map((q) => q.at),
        questions.map((q) => q.platform),
        questions.map((q) => q.userId),
        questions.map((q) => q.question),
        questions.map((q) => q.outcome),
        questions.map((q) => q.topAddress),
        questions.map((q) => q.latencyMs),
      ],
    );
  const feedback = [...votes.values()];
  if (feedback.length === 0) return [];
  const written = await pool.query<{ answer_id: string }>(
    `INSERT INTO feedback (answer_id, user_hash, address, vote, at)
       SELECT f.* FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS f(answer_id, user_hash, address, vote, at)
       WHERE EXISTS (SELECT 1 FROM questions q WHERE q.id = f.answer_id)
       ON CONFLICT (answer_id, user_hash, address) DO UPDATE SET vote = excluded.vote, at = excluded.at
       RETURNING answer_id`,
    [
      feedback.map((f) => f.answerId),
      feedback.map((f) => f.userId),
      feedback.map((f) => f.address ?? ''),
      feedback.map((f) => f.vote),
      feedback.map((f) => f.at),
    ],
  );
  const known = new Set(written.rows.map((r) => r.answer_id));
  return feedback.filter((f) => !known.has(f.answerId));
}
