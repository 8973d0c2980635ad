import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The PostgreSQL and Redis the server tests use: DATABASE_URL and REDIS_URL, or the local defaults. */
export const PG_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * Whether both servers answer. Undefined when they do; otherwise the reason,
 * in one line. Under `CI=true` an unreachable server is an error, not a skip.
 */
export async function serversUnreachable(): Promise<string | undefined> {
  const problems: string[] = [];
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    problems.push(`PostgreSQL at ${hostOf(PG_URL)}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    problems.push(`Redis at ${hostOf(REDIS_URL)}: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
  if (problems.length === 0) return undefined;
  const reason = `server tests skipped: ${problems.join('; ')} (set DATABASE_URL and REDIS_URL)`;
  if (process.env['CI'] === 'true') throw new Error(`CI=true: ${reason}`);
  console.warn(reason);
  return reason;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(unparsable URL)';
  }
}

/** A URL whose connections use `schema` as their search path. */
export function urlWithSchema(url: string, schema: string, port?: number): string {
  const u = new URL(url);
  if (port !== undefined) {
    u.hostname = '127.0.0.1';
    u.port = String(port);
  }
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A fresh PostgreSQL schema and Redis key prefix for one test file, and how to remove both. */
export async function isolated(): Promise<{ schema: string; prefix: string; url: string; drop(): Promise<void> }> {
  const id = randomBytes(4).toString('hex');
  const schema = `qabot_test_${id}`;
  const prefix = `qabot-test:${id}:`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    schema,
    prefix,
    url: urlWithSchema(PG_URL, schema),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** The port of a server URL (5432 or 6379 when absent). */
export function portOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)) };
}
