import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CoreConfig as Config } from '../src/config.js';
import { PgQuestionLog } from '../src/log/pg-question-log.js';
import { SqliteQuestionLog } from '../src/log/sqlite-question-log.js';
import type { BotMetrics, StoreMetrics } from '../src/metrics.js';
import { NO_QUESTION_LOG, type QuestionLog } from '../src/question-log.js';
import type { Dedupe } from '../src/store/dedupe.js';
import { MemoryDedupe } from '../src/store/memory-dedupe.js';
import { MemoryRateLimiter, type RateLimiter } from '../src/store/rate-limiter.js';
import { redisClient } from '../src/store/redis-client.js';
import { RedisDedupe, RedisRateLimiter } from '../src/store/redis-stores.js';
import { withoutPasswords } from '../src/store/redact-url.js';

/** Where the bot keeps what outlives one answer. */
export interface Stores {
  readonly log: QuestionLog;
  readonly limiter: RateLimiter;
  readonly dedupe: Dedupe;
  /** Which engines: for the startup log line. */
  readonly kinds: { readonly log: 'postgres' | 'sqlite' | 'none'; readonly shared: 'redis' | 'memory' };
  close(): Promise<void>;
}

/**
 * The one place that chooses the stores: no question log with QUESTION_LOG=off,
 * PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR; Redis for rate limits and
 * de-duplication when REDIS_URL is set (else this process's memory). Neither
 * server has to be up at start: the log queues, and Redis falls back.
 */
export async function openStores(
  config: Config,
  logger: Logger,
  metrics: StoreMetrics & Pick<BotMetrics, 'storeError'>,
): Promise<Stores> {
  let log: QuestionLog;
  let logKind: Stores['kinds']['log'];
  if (config.QUESTION_LOG === 'off') {
    log = NO_QUESTION_LOG;
    logKind = 'none';
  } else if (config.DATABASE_URL !== undefined) {
    const pg = new PgQuestionLog({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      retentionDays: config.RETENTION_DAYS,
      logger: logger.child({ store: 'postgres' }),
      metrics,
    });
    // Migrations before the first answer when the database is up; when it is not, before the first write.
    await pg
      .migrate()
      .catch((error: unknown) =>
        logger.warn(
          { err: { message: withoutPasswords((error as Error).message) } },
          'postgres: not reachable at start; questions are queued until it is',
        ),
      );
    log = pg;
    logKind = 'postgres';
  } else {
    // An unusable DATA_DIR throws here, with one line naming it (QUESTION_LOG=off is the way around).
    log = SqliteQuestionLog.create({
      dataDir: config.DATA_DIR,
      retentionDays: config.RETENTION_DAYS,
      logger,
      onError: (operation) => metrics.storeError?.('question_log', operation),
    });
    logKind = 'sqlite';
  }

  let redis: Redis | undefined;
  let limiter: RateLimiter = new MemoryRateLimiter();
  let dedupe: Dedupe = new MemoryDedupe();
  if (config.REDIS_URL !== undefined) {
    redis = await redisClient(config.REDIS_URL, logger.child({ store: 'redis' }));
    const options = { redis, prefix: config.REDIS_KEY_PREFIX, logger: logger.child({ store: 'redis' }), metrics };
    limiter = new RedisRateLimiter(options);
    dedupe = new RedisDedupe(options);
  }
  return {
    log,
    limiter,
    dedupe,
    kinds: { log: logKind, shared: redis === undefined ? 'memory' : 'redis' },
    close: async () => {
      await log.close();
      redis?.disconnect();
    },
  };
}
