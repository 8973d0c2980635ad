import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteQuestionLog } from '../../src/log/sqlite-question-log.js';
import { capturingLogger } from '../helpers/logs.js';
import { spawnBot } from '../helpers/spawn-bot.js';

/** Runs the real bot once in the terminal with one question; returns the user hashes stored. */
async function askOnce(dataDir: string, env: Record<string, string> = {}): Promise<string[]> {
  const bot = spawnBot({ DATA_DIR: dataDir, ...env }, 'What is APEC?\n');
  expect(await bot.exited).toBe(0);
  const db = new Database(path.join(dataDir, 'questions.db'), { readonly: true });
  try {
    return (db.prepare('SELECT user_hash FROM questions ORDER BY at').all() as Array<{ user_hash: string }>).map(
      (r) => r.user_hash,
    );
  } finally {
    db.close();
  }
}

describe('user ids in the question log (issue 13, item 9)', () => {
  it('are hashed with a random salt made once and kept in DATA_DIR, not recomputable from the id', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'salt-'));
    const [first] = await askOnce(dataDir);
    const both = await askOnce(dataDir);
    expect(both).toEqual([first, first]);
    const unsalted = createHash('sha256').update(':console:console').digest('base64url').slice(0, 16);
    expect(first).not.toBe(unsalted);
    expect(statSync(path.join(dataDir, 'user-hash-salt')).mode & 0o777).toBe(0o600);
    // Another DATA_DIR, another salt: the same user gets another hash.
    expect(await askOnce(mkdtempSync(path.join(tmpdir(), 'salt-')))).not.toEqual([first]);
  }, 60_000);

  it('use USER_HASH_SALT when it is set', async () => {
    const hashes = await askOnce(mkdtempSync(path.join(tmpdir(), 'salt-')), { USER_HASH_SALT: 'pepper-123' });
    expect(hashes).toEqual([
      createHmac('sha256', 'pepper-123').update('console:console').digest('base64url').slice(0, 16),
    ]);
  }, 30_000);
});

describe('an unusable DATA_DIR (issue 13, item 13)', () => {
  const unusable = (): string => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dd-')), 'a-file');
    writeFileSync(file, 'not a folder');
    return path.join(file, 'data');
  };

  it('at start stops the bot with one line naming DATA_DIR and the fix', async () => {
    const bot = spawnBot({ DATA_DIR: unusable() }, 'What is APEC?\n');
    expect(await bot.exited).toBe(1);
    const lines = bot.stderr().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^DATA_DIR: cannot use .*\(ENOTDIR\); .*writable.*QUESTION_LOG=off/);
    expect(bot.stdout()).not.toContain('APEC');
  }, 30_000);

  it('at start is fine with QUESTION_LOG=off: the bot answers', async () => {
    const bot = spawnBot({ DATA_DIR: unusable(), QUESTION_LOG: 'off' }, 'What is APEC?\n');
    expect(await bot.exited).toBe(0);
    expect(bot.stdout()).toContain('APEC');
  }, 30_000);

  it('failing later keeps answering, and the log reports itself degraded', () => {
    const { logger, lines } = capturingLogger();
    const log = SqliteQuestionLog.create({
      dataDir: mkdtempSync(path.join(tmpdir(), 'dd-')),
      retentionDays: 1,
      logger,
    });
    expect(log.health()).toBe('ok');
    log.db.exec('DROP TABLE feedback; DROP TABLE questions;');
    const entry = {
      id: 'a',
      at: 1,
      platform: 'console',
      userId: 'u',
      question: 'q',
      outcome: 'answered',
      topAddress: null,
      latencyMs: 1,
    } as const;
    log.record(entry);
    log.flush();
    expect(log.health()).toBe('degraded');
    expect(lines().some((l) => l['msg'] === 'question log write failed; the answer was still sent')).toBe(true);
    log.close();
  });
});
