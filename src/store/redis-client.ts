import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Longest wait for one Redis command before this process decides alone. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

/**
 * A Redis client that never holds an answer: every command times out after
 * `REDIS_COMMAND_TIMEOUT_MS`, fails at once while disconnected (no offline
 * queue, no retries per request), and reconnects in the background. Waits up
 * to `readyWithinMs` for the first connection; a Redis that is down at start
 * is not an error (the stores fall back to the process until it is back).
 *
 * @see https://github.com/redis/ioredis#auto-reconnect
 */
export async function redisClient(url: string, logger: Logger, readyWithinMs = 2_000): Promise<Redis> {
  const redis = new Redis(url, {
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Errors reach the stores' fallback, which logs them once a minute; the URL is never logged.
  redis.on('error', () => {});
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, readyWithinMs);
    function done(): void {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    }
    redis.once('ready', done);
  });
  if (redis.status !== 'ready')
    logger.warn(
      { status: redis.status },
      'redis: not connected yet; rate limits and de-duplication are per process until it is',
    );
  return redis;
}
