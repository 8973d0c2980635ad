import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('layout', () => {
  it('src/ never imports adapters/', () => {
    const offenders = files('src').filter((f) => /from ['"][^'"]*adapters\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('only the entry points read process.env', () => {
    const code = (f: string): string =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/)/.test(line))
        .join('\n');
    const readers = [...files('src'), ...files('adapters')].filter((f) => /process\.env/.test(code(f)));
    const allowed = [
      'adapters/main.ts',
      'adapters/load-answerer.ts',
      'adapters/console/ask.ts',
      'adapters/discord/register.ts',
    ];
    expect(readers.filter((f) => !allowed.includes(f))).toEqual([]);
    expect(readers).toContain('adapters/main.ts');
  });

  it('no test or runtime code reads the shared folder beside the repo (a clone stands alone)', () => {
    const readers = [...files('src'), ...files('adapters'), ...files('tests')].filter((f) =>
      /['"`]\.\.\/shared\//.test(readFileSync(f, 'utf8')),
    );
    expect(readers).toEqual([]);
  });

  it('adapters depend on the ServicePort, not on BotService: only the two places that build one name it', () => {
    // app.ts wires the bot (and drains it at shutdown); ask.ts builds one with no gate for `npm run ask`.
    const wiring = ['adapters/app.ts', 'adapters/console/ask.ts'];
    const code = (f: string): string => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const users = files('adapters').filter((f) => /\bBotService\b/.test(code(f)));
    expect(users.filter((f) => !wiring.includes(f))).toEqual([]);
    expect(users).toEqual(expect.arrayContaining(wiring));
    // Nor do they reach past the port into the service's answerer.
    const reaching = files('adapters').filter((f) => /service\.answerer\b/.test(code(f)));
    expect(reaching).toEqual([]);
  });

  it('has no default exports', () => {
    const offenders = [...files('src'), ...files('adapters')].filter((f) =>
      /export default/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
