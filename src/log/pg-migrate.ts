import type { Pool } from 'pg';

/**
 * The question log's schema in PostgreSQL: the same tables and columns as
 * SQLite's (`MIGRATIONS` in sqlite-question-log.ts), in PostgreSQL's types.
 * Entry N brings the schema from version N to N+1 (kept in
 * `qabot_schema_version`). Never edit one that has shipped; add.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE questions (
     id TEXT PRIMARY KEY,
     at BIGINT NOT NULL,
     platform TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     question TEXT NOT NULL,
     outcome TEXT NOT NULL,
     top_address TEXT,
     latency_ms DOUBLE PRECISION NOT NULL
   );
   CREATE INDEX questions_at ON questions (at);
   CREATE INDEX questions_outcome ON questions (outcome, question);
   CREATE TABLE feedback (
     answer_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     user_hash TEXT NOT NULL,
     address TEXT NOT NULL DEFAULT '',
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     at BIGINT NOT NULL,
     PRIMARY KEY (answer_id, user_hash, address)
   );`,
];

/**
 * Brings the database (the connection's current schema) to the latest
 * version, one migration per transaction, under a session advisory lock:
 * replicas starting together wait for each other, and each migration is
 * applied exactly once. Returns the versions it applied.
 *
 * @see https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 * @throws Error when the database is newer than this bot
 */
export async function migratePg(pool: Pool, migrations: readonly string[] = PG_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    // One lock per schema, so test runs in their own schemas do not wait for each other.
    await client.query(`SELECT pg_advisory_lock(hashtext('qabot-migrations:' || current_schema()))`);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS qabot_schema_version (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>(
        'SELECT COALESCE(MAX(version), 0)::int AS version FROM qabot_schema_version',
      );
      const current = rows[0]?.version ?? 0;
      if (current > migrations.length)
        throw new Error(
          `database schema version ${current} is newer than this bot (${migrations.length}); upgrade the bot`,
        );
      for (let version = current; version < migrations.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(migrations[version] ?? '');
          await client.query('INSERT INTO qabot_schema_version (version) VALUES ($1)', [version + 1]);
          await client.query('COMMIT');
          applied.push(version + 1);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('qabot-migrations:' || current_schema()))`);
    }
  } finally {
    client.release();
  }
  return applied;
}
