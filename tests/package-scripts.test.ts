import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Runs `npm start`'s command line with `.env` replaced by `envFile`, a question on stdin. */
function start(envFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const [node, ...args] = (scripts['start'] ?? '').replace('=.env', `=${envFile}`).split(' ');
  expect(node).toBe('node');
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      args,
      { env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
    child.stdin?.end('What is APEC?\n');
  });
}

describe('npm start', () => {
  it('reads .env when there is one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qabot-env-'));
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=chatty\n');
    const run = await start(join(dir, '.env'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LOG_LEVEL');
  }, 90_000);

  it('runs without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qabot-env-'));
    const run = await start(join(dir, '.env'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('APEC');
  }, 90_000);
});
