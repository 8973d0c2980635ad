import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { NO_STORE_METRICS, type StoreMetrics } from '../metrics.js';
import type { Dedupe } from './dedupe.js';
import { MemoryDedupe } from './memory-dedupe.js';
import { MemoryRateLimiter, type RateDecision, type RateLimiter } from './rate-limiter.js';

export interface RedisStoreOptions {
  /** A client made with `redisClient` (short command time-out, no offline queue). */
  readonly redis: Redis;
  /** Prefix of every key (REDIS_KEY_PREFIX), e.g. `qabot:`. */
  readonly prefix: string;
  readonly logger: Logger;
  readonly metrics?: StoreMetrics;
  /** After a failure, how long this process decides alone before asking Redis again. Default 1 s. */
  readonly retryAfterMs?: number;
}

/**
 * The sliding window, atomically in Redis: a sorted set of the times of a
 * user's questions. Times come from the Redis server's clock, so replicas
 * with skewed clocks still share one window. Returns -1 when the question is
 * taken, else the milliseconds until the oldest one leaves the window.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(0, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return -1`;

type WithTake = Redis & { qabotTake(key: string, windowMs: number, limit: number, member: string): Promise<number> };

/**
 * Runs a Redis operation, or its fallback in this process when Redis is
 * down, slow or erring. It counts each fallback, logs at most one line a
 * minute, and skips Redis for a moment after a failure so that answers do
 * not each wait for a time-out.
 */
class Fallback {
  /** One per client: the rate limiter and the de-duplication share the log line and the pause. */
  static readonly #byClient = new WeakMap<Redis, Fallback>();

  static of(options: RedisStoreOptions): Fallback {
    let fallback = Fallback.#byClient.get(options.redis);
    if (fallback === undefined) Fallback.#byClient.set(options.redis, (fallback = new Fallback(options)));
    return fallback;
  }

  readonly #o: RedisStoreOptions;
  readonly #metrics: StoreMetrics;
  #skipUntil = 0;
  #loggedAt = -Infinity;
  #failing = false;

  constructor(options: RedisStoreOptions) {
    this.#o = options;
    this.#metrics = options.metrics ?? NO_STORE_METRICS;
  }

  async run<T>(operation: 'rate_limit' | 'dedupe', remote: () => Promise<T>, local: () => T): Promise<T> {
    const now = Date.now();
    if (now >= this.#skipUntil && this.#o.redis.status === 'ready') {
      try {
        const value = await remote();
        if (this.#failing) {
          this.#failing = false;
          this.#o.logger.info('redis: answering again; rate limits and de-duplication are shared again');
        }
        return value;
      } catch (error) {
        this.#fail(error, operation);
      }
    } else this.#fail(undefined, operation);
    return local();
  }

  #fail(error: unknown, operation: 'rate_limit' | 'dedupe'): void {
    this.#metrics.storeFallback('redis', operation);
    const now = Date.now();
    if (error !== undefined) this.#skipUntil = now + (this.#o.retryAfterMs ?? 1000);
    this.#failing = true;
    if (now - this.#loggedAt < 60_000) return;
    this.#loggedAt = now;
    this.#o.logger.warn(
      { err: { message: error === undefined ? `not connected (${this.#o.redis.status})` : (error as Error).message } },
      'redis unavailable: rate limits and de-duplication fall back to this process; nobody is refused for it',
    );
  }
}

/**
 * Rate limits shared by every replica: one atomic sliding window per user in
 * Redis (a Lua script on a sorted set). When Redis cannot answer, this
 * process counts alone until it can.
 *
 * @see https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: WithTake;
  readonly #prefix: string;
  readonly #memory = new MemoryRateLimiter();
  readonly #fallback: Fallback;
  readonly #member = randomBytes(6).toString('base64url');
  #count = 0;

  constructor(options: RedisStoreOptions) {
    if (!('qabotTake' in options.redis)) options.redis.defineCommand('qabotTake', { numberOfKeys: 1, lua: TAKE });
    this.#redis = options.redis as WithTake;
    this.#prefix = `${options.prefix}rate:`;
    this.#fallback = Fallback.of(options);
  }

  take(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.#fallback.run(
      'rate_limit',
      async () => {
        const member = `${this.#member}:${(this.#count++).toString(36)}`;
        const wait = await this.#redis.qabotTake(this.#prefix + key, windowMs, limit, member);
        return wait < 0 ? { ok: true } : { ok: false, retryAfterMs: Number(wait) };
      },
      () => this.#memory.take(key, limit, windowMs),
    );
  }
}

/**
 * De-duplication shared by every replica: `SET key 1 NX PX ttl`, so the
 * first replica to see an id answers it. Ids are also remembered in this
 * process, which decides alone when Redis cannot answer.
 *
 * @see https://redis.io/docs/latest/commands/set/
 */
export class RedisDedupe implements Dedupe {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #memory: MemoryDedupe;
  readonly #fallback: Fallback;

  constructor(options: RedisStoreOptions & { readonly ttlMs?: number }) {
    this.#redis = options.redis;
    this.#prefix = `${options.prefix}seen:`;
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.#memory = new MemoryDedupe({ ttlMs: this.#ttlMs });
    this.#fallback = Fallback.of(options);
  }

  async firstTime(id: string): Promise<boolean> {
    // Seen here already: a repeat, whatever Redis says.
    if (!this.#memory.firstTime(id)) return false;
    return this.#fallback.run(
      'dedupe',
      async () => (await this.#redis.set(this.#prefix + id, '1', 'PX', this.#ttlMs, 'NX')) === 'OK',
      () => true,
    );
  }
}
