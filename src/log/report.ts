import type Database from 'better-sqlite3';

/** What the documents' maintainer reads: the gaps, the feedback, the volume. */
export interface Report {
  readonly unanswered: ReadonlyArray<{ question: string; count: number; last: string }>;
  readonly feedback: ReadonlyArray<{ address: string; up: number; down: number }>;
  readonly volume: ReadonlyArray<{ day: string; platform: string; questions: number; answered: number }>;
}

/**
 * Builds the report from the question log: unanswered questions, most
 * frequent first (case and spacing folded); 👍/👎 per passage; questions per
 * day and platform (UTC days).
 */
export function buildReport(db: Database.Database, limit = 50): Report {
  const unanswered = db
    .prepare(
      `SELECT MIN(question) AS question, COUNT(*) AS count, strftime('%Y-%m-%d', MAX(at) / 1000, 'unixepoch') AS last
       FROM questions WHERE outcome = 'not_covered'
       GROUP BY lower(trim(question)) ORDER BY count DESC, MAX(at) DESC LIMIT ?`,
    )
    .all(limit) as Array<{ question: string; count: number; last: string }>;
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
