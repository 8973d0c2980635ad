import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = ['--import', 'tsx', 'adapters/console/ask.ts'];

function ask(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [...TSX, ...args], {
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KNOWLEDGE_DIR: 'knowledge' },
    timeout: 20_000,
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe('npm run ask (the CLI contract)', () => {
  it('--json prints one object with the documented fields', () => {
    const { stdout, status } = ask(['--json', 'What is APEC?']);
    expect(status).toBe(0);
    const answer = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(
      expect.arrayContaining(['question', 'answered', 'sentence', 'citations', 'suggestions']),
    );
    const [citation] = answer['citations'] as Array<Record<string, unknown>>;
    expect(Object.keys(citation ?? {})).toEqual(
      expect.arrayContaining(['address', 'document', 'section', 'text', 'score', 'terms']),
    );
    expect(answer['answered']).toBe(true);
  });

  it('--json with no question answers stdin line by line, in order', () => {
    const { stdout, status } = ask(['--json'], 'What is APEC?\nHow do I bake bread?\n\nWho is Zbigniew Brzezinski?\n');
    expect(status).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { question: string; answered: boolean });
    expect(lines.map((l) => l.question)).toEqual([
      'What is APEC?',
      'How do I bake bread?',
      '',
      'Who is Zbigniew Brzezinski?',
    ]);
    expect(lines.map((l) => l.answered)).toEqual([true, false, false, true]);
  });

  it('prints a readable answer with its address', () => {
    const { stdout } = ask(['What happened on the Amur River in 2019?']);
    expect(stdout).toContain('russia-china-relations §1.7');
    expect(stdout).toContain('> The opening of railroads');
  });

  it("--cite and --topics with --json print the core's own objects", () => {
    const cited = ask(['--json', '--cite', '§1.4']);
    expect(cited.status).toBe(0);
    expect(JSON.parse(cited.stdout)).toMatchObject({
      found: true,
      citation: { address: 'russia-china-relations §1.4', band: 'strong' },
      version: expect.any(String),
    });
    const topics = JSON.parse(ask(['--json', '--topics']).stdout) as Record<string, unknown>;
    expect(Object.keys(topics)).toEqual(['version', 'documents']);
  });

  it('prints exactly what the README shows', () => {
    const example = /```text\n\$ npm run ask -- "([^"]+)"\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'));
    expect(example).not.toBeNull();
    const [, question = '', shown = ''] = example ?? [];
    const { stdout, status } = ask([question]);
    expect(status).toBe(0);
    expect(stdout).toBe(shown);
  });

  it('reports an empty knowledge folder in one line, without a stack trace', () => {
    // A folder of no documents (tests/ itself now holds a .txt fixture).
    const empty = mkdtempSync(join(tmpdir(), 'no-knowledge-'));
    const run = spawnSync(process.execPath, [...TSX, 'anything'], {
      encoding: 'utf8',
      env: { ...process.env, KNOWLEDGE_DIR: empty },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`knowledge: no usable document in ${empty}: no .md or .txt file\n`);
  });
});
