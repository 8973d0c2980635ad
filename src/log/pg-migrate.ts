import { MIGRATIONS } from './sqlite-question-log.js';
import type { Pool } from 'pg';

/**
 * The question log's schema in PostgreSQL: SQLite's migrations
 * (`MIGRATIONS` in sqlite-question-log.ts), the same tables and columns, with
 * PostgreSQL's types for the two that differ (times in ms need 64 bits).
 * Entry N brings the schema from version N to N+1 (kept in
 * `qabot_schema_version`).
 */
export const PG_MIGRATIONS: readonly string[] = MIGRATIONS.map((sql) =>
  sql.replace(/\bat INTEGER\b/g, 'at BIGINT').replace(/\blatency_ms REAL\b/g, 'latency_ms DOUBLE PRECISION'),
);

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
