import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKnowledgeFiles } from '../../src/knowledge/load-knowledge.js';
import { LiveKnowledge } from '../../src/live-knowledge.js';
import { capturingLogger } from '../helpers/logs.js';
import { spawnBot } from '../helpers/spawn-bot.js';

/**
 * A knowledge folder as an attacker leaves it: a link to its parent (which
 * holds a document that must never be quoted), a link to itself, a FIFO and a
 * socket named like documents, a link to a file outside, and a huge file.
 */
function hostileFolder(): { parent: string; dir: string } {
  const parent = mkdtempSync(path.join(tmpdir(), 'walk-'));
  const dir = path.join(parent, 'knowledge');
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  mkdirSync(path.join(parent, 'outside'));
  writeFileSync(path.join(parent, 'outside', 'secret.md'), '# Secret\n\nThe vault code is ZANZIBAR.\n');
  writeFileSync(path.join(dir, 'doc.md'), '# Doc\n\nThe Amur River is a border between Russia and China.\n');
  writeFileSync(path.join(dir, 'sub', 'more.txt'), 'Trade across the border grows every year.\n');
  symlinkSync('..', path.join(dir, 'up'));
  symlinkSync('.', path.join(dir, 'loop'));
  symlinkSync('../outside/secret.md', path.join(dir, 'secret.md'));
  symlinkSync('doc.md', path.join(dir, 'again.md'));
  execFileSync('mkfifo', [path.join(dir, 'x.md')]);
  writeFileSync(path.join(dir, 'big.md'), `# Big\n\n${'word '.repeat(300_000)}\n`);
  return { parent, dir };
}

describe('a hostile knowledge folder (issue 13, items 3 and 4)', () => {
  it('is read safely: no link out, no folder twice, only regular files, a size cap, each skip with a reason', async () => {
    const { dir } = hostileFolder();
    const { files, problems } = await readKnowledgeFiles(dir, { maxFileBytes: 1024 * 1024 });
    expect(files.map((f) => f.file)).toEqual(['again.md', 'sub/more.txt']);
    const reasons = problems.map((p) => p.message);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'big.md: larger than 1 MB, not read (raise KNOWLEDGE_MAX_FILE_MB to include it)',
        'doc.md: the same file as again.md, read once',
        'loop/: a folder already read, not read again',
        'secret.md: a link that leads outside KNOWLEDGE_DIR, not followed',
        'up: a link that leads outside KNOWLEDGE_DIR, not followed',
        'x.md: not a regular file (FIFO), not opened',
      ]),
    );
  });

  it('does not stop the real bot from starting: it answers from the documents, never from outside', async () => {
    const { dir } = hostileFolder();
    const bot = spawnBot(
      { KNOWLEDGE_DIR: dir, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'walkd-')), KNOWLEDGE_MAX_FILE_MB: '1' },
      'What is the vault code?\nWhat is the Amur River?\n',
    );
    const timer = setTimeout(() => bot.kill(), 40_000);
    const code = await bot.exited;
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(bot.stdout()).toContain('Amur River');
    expect(bot.stdout()).not.toContain('ZANZIBAR');
    expect(bot.stderr()).toContain('x.md: not a regular file (FIFO), not opened');
    expect(bot.stderr()).toContain('up: a link that leads outside KNOWLEDGE_DIR, not followed');
  }, 60_000);

  it('a FIFO that appears while the bot runs does not wedge live reload, during or after', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'walkfifo-'));
    writeFileSync(path.join(dir, 'doc.md'), '# Doc\n\nThe Amur River is a border.\n');
    const live = await LiveKnowledge.open({ dir, logger: capturingLogger().logger });
    execFileSync('mkfifo', [path.join(dir, 'x.md')]);
    writeFileSync(path.join(dir, 'two.md'), '# Two\n\nThe tundra is cold.\n');
    const limit = <T>(p: Promise<T>): Promise<T | 'hung'> =>
      Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
    expect(await limit(live.reload())).toMatchObject({ added: 1 });
    unlinkSync(path.join(dir, 'x.md'));
    writeFileSync(path.join(dir, 'three.md'), '# Three\n\nThe steppe is wide.\n');
    expect(await limit(live.reload())).toMatchObject({ added: 1 });
    expect(live.answerer.ask('steppe').answered).toBe(true);
  }, 30_000);
});
