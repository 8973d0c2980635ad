import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTable, envExample } from '../src/config-docs.js';
import { CONFIG_VARIABLES, ConfigError, parseConfig, platformsOf } from '../adapters/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ KNOWLEDGE_DIR: './knowledge', DATA_DIR: './data', PORT: 3000, LOG_LEVEL: 'info' });
    expect(platformsOf(config)).toEqual({});
  });

  it('lists every problem at once, each with how to fix it', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        DISCORD_MODE: 'http',
        SLACK_BOT_TOKEN: 'nope',
        DISCORD_SHARDS: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining([
        'PORT',
        'LOG_LEVEL',
        'DISCORD_SHARDS',
        'DISCORD_PUBLIC_KEY',
        'DISCORD_APPLICATION_ID',
        'SLACK_BOT_TOKEN',
      ]),
    );
    expect(problems.find((p) => p.startsWith('SLACK_BOT_TOKEN'))).toMatch(/xoxb-.*OAuth/);
    expect((error as Error).message).not.toMatch(/at .*\.ts:\d+/);
  });

  it('turns platforms on from the variables set', () => {
    const key = 'a'.repeat(64);
    expect(platformsOf(parseConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1' }))).toEqual({
      discord: 'gateway',
    });
    expect(
      platformsOf(parseConfig({ DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: key, DISCORD_APPLICATION_ID: '1' })),
    ).toEqual({ discord: 'http' });
    expect(platformsOf(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toEqual({
      slack: 'socket',
    });
    expect(platformsOf(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toEqual({
      slack: 'http',
    });
  });

  it('the configuration table in docs/configuration.md and .env.example match the schema', () => {
    // Compared cell by cell: Prettier pads the table columns.
    const rows = (text: string): string[][] =>
      text
        .split('\n')
        .filter((line) => /^\|\s*`[A-Z_]+`/.test(line))
        .map((line) =>
          line
            .split('|')
            .slice(1, -1)
            .map((cell) => cell.trim()),
        );
    expect(rows(readFileSync('docs/configuration.md', 'utf8')), 'npm run config:docs writes it').toEqual(
      rows(configTable(CONFIG_VARIABLES)),
    );
    expect(readFileSync('.env.example', 'utf8'), 'npm run config:docs writes it').toBe(envExample(CONFIG_VARIABLES));
  });

  it('.env.example leaves the paths the container image sets to the image', () => {
    const set = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.slice(0, line.indexOf('=')));
    expect(set).not.toContain('KNOWLEDGE_DIR');
    expect(set).not.toContain('DATA_DIR');
  });
});

describe('strict configuration (issue 13, item 13)', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      parseConfig(env);
      return [];
    } catch (error) {
      return [...(error as ConfigError).problems];
    }
  };

  it('takes PORT only as a decimal number from 1 to 65535', () => {
    for (const port of ['0x10', '1e3', '16.0', '+16', '0', '65536', ' 0o20'])
      expect(problemsOf({ PORT: port }), port).toEqual([expect.stringMatching(/^PORT: /)]);
    expect(parseConfig({ PORT: '16' }).PORT).toBe(16);
  });

  it('reports a DISCORD_APPLICATION_ID problem together with a DISCORD_MODE one', () => {
    const names = (env: Record<string, string>): string[] => problemsOf(env).map((p) => p.split(':')[0] ?? '');
    expect(names({ DISCORD_MODE: 'htttp', DISCORD_TOKEN: 't' })).toEqual(['DISCORD_MODE', 'DISCORD_APPLICATION_ID']);
    expect(names({ DISCORD_MODE: 'htttp' })).toEqual(['DISCORD_MODE', 'DISCORD_APPLICATION_ID']);
    expect(names({ DISCORD_MODE: 'htttp', DISCORD_APPLICATION_ID: 'abc' })).toEqual([
      'DISCORD_MODE',
      'DISCORD_APPLICATION_ID',
    ]);
  });
});
