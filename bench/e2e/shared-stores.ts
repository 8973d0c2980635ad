import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The shared stores for the "with PostgreSQL + Redis" row: the bot's environment, and how to clean up. */
export interface SharedStores {
  readonly env: Readonly<Record<string, string>>;
  drop(): Promise<void>;
}

/**
 * PostgreSQL and Redis for one bench run, from DATABASE_URL and REDIS_URL
 * (default: the local servers), in a schema and a key prefix of their own.
 * Undefined, with the reason logged, when either does not answer.
 */
export async function sharedStores(log: (line: string) => void): Promise<SharedStores | undefined> {
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const id = randomBytes(4).toString('hex');
  const schema = `qabot_bench_${id}`;
  const prefix = `qabot-bench:${id}:`;
  const admin = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  try {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await redis.connect();
    await redis.ping();
  } catch (error) {
    log(`  no PostgreSQL + Redis row: ${(error as Error).message} (set DATABASE_URL and REDIS_URL)`);
    await admin.end().catch(() => {});
    redis.disconnect();
    return undefined;
  }
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: url.toString(), REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, USER_HASH_SALT: 'bench-salt' },
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
      await admin.end().catch(() => {});
      const keys = await redis.keys(`${prefix}*`).catch(() => []);
      if (keys.length > 0) await redis.del(...keys).catch(() => 0);
      redis.disconnect();
    },
  };
}
