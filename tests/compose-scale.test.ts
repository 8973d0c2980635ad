import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig, platformsOf } from '../adapters/config.js';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
  volumes?: string[];
}

/** There is no Docker engine in CI: the compose file is checked as data. */
describe('compose.scale.yaml', () => {
  const compose = parse(readFileSync('compose.scale.yaml', 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const bots = Object.entries(compose.services).filter(([name]) => name.startsWith('bot-'));

  it('runs PostgreSQL, Redis, three bot replicas and a reverse proxy in front of them', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot-1', 'bot-2', 'bot-3', 'postgres', 'proxy', 'redis']);
    expect(compose.services['postgres']?.image).toMatch(/^postgres:/);
    expect(compose.services['redis']?.image).toMatch(/^redis:/);
    const caddyfile = readFileSync('deploy/Caddyfile', 'utf8');
    for (const [name] of bots) expect(caddyfile).toContain(`${name}:3000`);
    expect(compose.services['proxy']?.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
  });

  it('each replica is in HTTP mode, on the shared stores, with a valid configuration and its own DATA_DIR', () => {
    expect(bots).toHaveLength(3);
    const dataVolumes = new Set<string>();
    for (const [, bot] of bots) {
      const env = Object.fromEntries(
        Object.entries(bot.environment ?? {}).map(([k, v]) => [k, v.replace(/\$\{[A-Z_]+[^}]*\}/g, 'pw')]),
      );
      expect(env).toMatchObject({ DISCORD_MODE: 'http', REDIS_URL: 'redis://redis:6379' });
      expect(env['DATABASE_URL']).toMatch(/^postgres:\/\/qabot:pw@postgres:5432\/qabot$/);
      // With the platform variables an operator puts in .env, the schema takes it.
      const config = parseConfig({
        ...env,
        DISCORD_PUBLIC_KEY: 'a'.repeat(64),
        DISCORD_APPLICATION_ID: '1',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
      });
      expect(platformsOf(config)).toEqual({ discord: 'http', slack: 'http' });
      const data = bot.volumes?.find((v) => v.endsWith(':/data'));
      expect(data).toBeDefined();
      dataVolumes.add(data ?? '');
    }
    expect(dataVolumes.size).toBe(3);
  });
});
