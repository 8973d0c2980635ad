import type Database from 'better-sqlite3';
import type { Pool } from 'pg';

/** What the documents' maintainer reads: the gaps, the feedback, the volume. */
export interface Report {
  /** Questions declined (not covered) or answered only with a "not sure"; `notSure` counts the latter. */
  readonly unanswered: ReadonlyArray<{ question: string; count: number; notSure: number; last: string }>;
  readonly feedback: ReadonlyArray<{ address: string; up: number; down: number }>;
  readonly volume: ReadonlyArray<{ day: string; platform: string; questions: number; answered: number }>;
}

/**
 * Builds the report from the question log: unanswered questions (not
 * covered, or only a "not sure"), most frequent first (case and spacing folded); 👍/👎 per passage; questions per
 * day and platform (UTC days).
 */
export function buildReport(db: Database.Database, limit = 50): Report {
  const unanswered = db
    .prepare(
      `SELECT MIN(question) AS question, COUNT(*) AS count, SUM(outcome = 'not_sure') AS notSure,
              strftime('%Y-%m-%d', MAX(at) / 1000, 'unixepoch') AS last
       FROM questions WHERE outcome IN ('not_covered', 'not_sure')
       GROUP BY lower(trim(question)) ORDER BY count DESC, MAX(at) DESC LIMIT ?`,
    )
    .all(limit) as Array<{ question: string; count: number; notSure: number; last: string }>;
  const feedback = db
    .prepare(
      `SELECT CASE WHEN f.address <> '' THEN f.address ELSE COALESCE(q.top_address, '(no passage)') END AS address,
              SUM(f.vote = 'up') AS up, SUM(f.vote = 'down') AS down
       FROM feedback f JOIN questions q ON q.id = f.answer_id
       GROUP BY 1 ORDER BY down DESC, up DESC, address`,
    )
    .all() as Array<{ address: string; up: number; down: number }>;
  const volume = db
    .prepare(
      `SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, platform, COUNT(*) AS questions, SUM(outcome = 'answered') AS answered
       FROM questions GROUP BY day, platform ORDER BY day DESC, platform`,
    )
    .all() as Array<{ day: string; platform: string; questions: number; answered: number }>;
  return { unanswered, feedback, volume };
}

/**
 * The same report as `buildReport`, from the question log in PostgreSQL
 * (every replica's questions and feedback). Addresses sort bytewise, as in
 * SQLite.
 */
export async function buildPgReport(pool: Pool, limit = 50): Promise<Report> {
  const day = (ms: string): string => `to_char(to_timestamp(${ms} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const unanswered = await pool.query<{ question: string; count: number; notSure: number; last: string }>(
    `SELECT MIN(question) AS question, COUNT(*)::int AS count,
            COUNT(*) FILTER (WHERE outcome = 'not_sure')::int AS "notSure", ${day('MAX(at)')} AS last
     FROM questions WHERE outcome IN ('not_covered', 'not_sure')
     GROUP BY lower(trim(question)) ORDER BY count DESC, MAX(at) DESC LIMIT $1`,
    [limit],
  );
  const feedback = await pool.query<{ address: string; up: number; down: number }>(
    `SELECT address, up, down FROM (
       SELECT CASE WHEN f.address <> '' THEN f.address ELSE COALESCE(q.top_address, '(no passage)') END AS address,
              COUNT(*) FILTER (WHERE f.vote = 'up')::int AS up, COUNT(*) FILTER (WHERE f.vote = 'down')::int AS down
       FROM feedback f JOIN questions q ON q.id = f.answer_id GROUP BY 1
     ) votes ORDER BY down DESC, up DESC, address COLLATE "C"`,
  );
  const volume = await pool.query<{ day: string; platform: string; questions: number; answered: number }>(
    `SELECT ${day('at')} AS day, platform, COUNT(*)::int AS questions, COUNT(*) FILTER (WHERE outcome = 'answered')::int AS answered
     FROM questions GROUP BY day, platform ORDER BY day DESC, platform COLLATE "C"`,
  );
  return { unanswered: unanswered.rows, feedback: feedback.rows, volume: volume.rows };
}
