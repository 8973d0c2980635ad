import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisClient } from '../../src/store/redis-client.js';
import { RedisDedupe, RedisRateLimiter } from '../../src/store/redis-stores.js';
import { capturingLogger } from '../helpers/logs.js';
import { REDIS_URL, isolated, portOf, serversUnreachable } from '../helpers/servers.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const unreachable = await serversUnreachable();

describe.skipIf(unreachable !== undefined)('rate limits and de-duplication in Redis', () => {
  let env: Awaited<ReturnType<typeof isolated>>;
  const clients: Redis[] = [];
  const client = async (url = REDIS_URL): Promise<Redis> => {
    const { logger } = capturingLogger();
    const redis = await redisClient(url, logger);
    clients.push(redis);
    return redis;
  };
  beforeAll(async () => {
    env = await isolated();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await env.drop();
  });

  it('three replicas share one window per user', async () => {
    const { logger } = capturingLogger();
    const limiters = await Promise.all(
      [1, 2, 3].map(async () => new RedisRateLimiter({ redis: await client(), prefix: env.prefix, logger })),
    );
    const decisions = await Promise.all(
      Array.from({ length: 12 }, (_, i) => limiters[i % 3]?.take('slack:U1', 5, 60_000)),
    );
    expect(decisions.filter((d) => d?.ok === true)).toHaveLength(5);
    const refused = decisions.find((d) => d?.ok === false);
    expect(refused).toMatchObject({ ok: false });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50_000);
    // Another user has a window of their own.
    expect(await limiters[0]?.take('slack:U2', 5, 60_000)).toEqual({ ok: true });
  });

  it('an id is first seen once, whichever replica sees it', async () => {
    const { logger } = capturingLogger();
    const [a, b] = await Promise.all(
      [1, 2].map(async () => new RedisDedupe({ redis: await client(), prefix: env.prefix, logger })),
    );
    expect(await a?.firstTime('slack:Ev1')).toBe(true);
    expect(await b?.firstTime('slack:Ev1')).toBe(false);
    expect(await a?.firstTime('slack:Ev1')).toBe(false);
    expect(await b?.firstTime('discord:42')).toBe(true);
    const ttl = await (await client()).pttl(`${env.prefix}seen:slack:Ev1`);
    expect(ttl).toBeGreaterThan(3_000_000);
  });

  it('Redis down: decided in the process, counted and logged once; shared again when it is back', async () => {
    const proxy = await TcpProxy.start(portOf(REDIS_URL));
    const url = new URL(REDIS_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const { logger, lines } = capturingLogger();
    const fallbacks: string[] = [];
    const metrics = {
      storeFallback: (_store: string, op: string) => void fallbacks.push(op),
      questionLogDropped: () => {},
      questionLogQueued: () => {},
    };
    const redis = await client(url.toString());
    const options = { redis, prefix: env.prefix, logger, metrics, retryAfterMs: 100 };
    const limiter = new RedisRateLimiter(options);
    const dedupe = new RedisDedupe(options);
    expect(await limiter.take('slack:U9', 2, 60_000)).toEqual({ ok: true });

    await proxy.stop();
    const started = Date.now();
    // Nobody is refused because Redis is down: the process's own window (2 per minute) applies.
    expect(await limiter.take('slack:U10', 2, 60_000)).toEqual({ ok: true });
    expect(await limiter.take('slack:U11', 2, 60_000)).toEqual({ ok: true });
    expect(await dedupe.firstTime('slack:EvDown')).toBe(true);
    expect(await dedupe.firstTime('slack:EvDown')).toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(fallbacks).toEqual(expect.arrayContaining(['rate_limit', 'dedupe']));
    const warned = lines().filter((l) => String(l['msg']).startsWith('redis unavailable'));
    expect(warned).toHaveLength(1);

    await proxy.resume();
    const deadline = Date.now() + 10_000;
    while (redis.status !== 'ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 150));
    expect(await limiter.take('slack:U12', 2, 60_000)).toEqual({ ok: true });
    expect(await redis.zcard(`${env.prefix}rate:slack:U12`)).toBe(1);
    expect(lines().some((l) => String(l['msg']).startsWith('redis: answering again'))).toBe(true);
    await proxy.stop();
  });
});
