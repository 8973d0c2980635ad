import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, parseConfig, REDACT_PATHS } from '../adapters/config.js';
import type { PlatformDescriptor } from '../adapters/platform-descriptor.js';
import { PLATFORMS } from '../adapters/registry.js';
import { CORE_VARIABLES } from '../src/config.js';
import { createLogger, errorForLog } from '../src/logger.js';

/** The folders of adapters/ that hold a platform descriptor. */
const platformFolders = readdirSync('adapters', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join('adapters', d.name, 'platform.ts')))
  .map((d) => d.name)
  .sort();

/** Code lines of a file, without comment lines. */
const code = (file: string): string =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join('\n');

const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));

describe('the platform registry (adapters/registry.ts) is the one list of platforms', () => {
  it('lists every folder with a platform.ts, and only those, each by its folder name', async () => {
    expect(PLATFORMS.map((p) => p.name).sort()).toEqual(platformFolders);
    for (const folder of platformFolders) {
      const exported = Object.values(
        (await import(`../adapters/${folder}/platform.ts`)) as Record<string, unknown>,
      ).filter((v): v is PlatformDescriptor => typeof v === 'object' && v !== null && 'create' in v);
      expect(exported.map((d) => d.name)).toEqual([folder]);
      expect(PLATFORMS).toContain(exported[0]);
    }
  });

  it("names each platform's variables after it, and no variable twice", () => {
    const seen = new Set(Object.keys(CORE_VARIABLES));
    for (const p of PLATFORMS)
      for (const name of Object.keys(p.variables)) {
        expect(name).toMatch(new RegExp(`^${p.name.toUpperCase()}_[A-Z0-9_]+$`));
        expect(seen.has(name), name).toBe(false);
        seen.add(name);
      }
    expect(Object.keys(CONFIG_VARIABLES)).toEqual([...seen]);
  });

  it('lists every registered variable in the configuration table and .env.example', () => {
    const table = readFileSync('docs/configuration.md', 'utf8');
    const example = readFileSync('.env.example', 'utf8');
    for (const name of Object.keys(CONFIG_VARIABLES)) {
      expect(table, name).toMatch(new RegExp(`^\\|\\s*\`${name}\``, 'm'));
      expect(example, name).toMatch(new RegExp(`^(# )?${name}=`, 'm'));
    }
  });

  it('redacts every variable marked secret from the log lines, as a field of that name', () => {
    const secrets = Object.entries(CONFIG_VARIABLES).filter(([, v]) => v.secret === true);
    expect(secrets.map(([name]) => name)).toEqual(
      expect.arrayContaining(['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'TELEGRAM_BOT_TOKEN', 'DATABASE_URL']),
    );
    for (const [name] of secrets) expect(REDACT_PATHS).toEqual(expect.arrayContaining([name, `*.${name}`]));
  });

  it('keeps platform variables out of src/ and platform names out of the core start-up', () => {
    const prefixes = PLATFORMS.map((p) => `${p.name.toUpperCase()}_`);
    const offenders = tsFiles('src').filter((f) => prefixes.some((prefix) => code(f).includes(prefix)));
    expect(offenders).toEqual([]);
    for (const file of ['adapters/app.ts', 'adapters/platforms.ts', 'adapters/config.ts'])
      for (const p of PLATFORMS) expect(code(file), file).not.toMatch(new RegExp(`${p.name}|${p.name.toUpperCase()}_`));
  });

  it('reads request bodies in one place, and no handler rewrites req.url', () => {
    const readers = tsFiles('adapters').filter((f) => /\.on\(\s*['"]data['"]/.test(code(f)));
    expect(readers).toEqual(['adapters/server/read-body.ts']);
    const rewriters = tsFiles('adapters').filter((f) => /\.url\s*=[^=]/.test(code(f)));
    expect(rewriters).toEqual([]);
  });
});

describe('a wrong secret value never reaches a log line or an error', () => {
  const MARK = 'S3CRET-MARK';

  it('is named, never shown, in the configuration problems, and redacted when logged', () => {
    const secrets = Object.entries(CONFIG_VARIABLES)
      .filter(([, v]) => v.secret === true)
      .map(([name]) => name);
    // Every value is wrong: spaces, no xoxb-/xapp- prefix, not a bot token, not a URL.
    const env = Object.fromEntries(secrets.map((name) => [name, `bad ${MARK} value`]));
    let error: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect((error as Error).message).not.toContain(MARK);

    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      redact: REDACT_PATHS,
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    logger.info(env, 'configuration');
    logger.info({ env }, 'configuration, nested');
    logger.error({ err: errorForLog(error) }, 'bad configuration');
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain(MARK);
  });
});
