import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BotError } from '../errors.js';

/** Where the salt made for user-id hashes is kept when USER_HASH_SALT is unset. */
export function saltPath(dataDir: string): string {
  return path.join(dataDir, 'user-hash-salt');
}

/**
 * The salt for user-id hashes: `configured` (USER_HASH_SALT) when set;
 * otherwise a random one (32 bytes, hex) made the first time and kept in
 * `DATA_DIR/user-hash-salt` (mode 0600), so that one user keeps one hash
 * across restarts, and a hash can't be recomputed from a user id alone.
 *
 * @throws BotError `DATA_DIR` when the file can't be read or made
 */
export function userHashSalt(dataDir: string, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  const file = saltPath(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    const salt = readFileSync(file, 'utf8').trim();
    if (salt.length < 16) throw Object.assign(new Error(`${file} is empty or too short`), { code: 'EINVAL' });
    return salt;
  } catch (error) {
    throw dataDirError(dataDir, error);
  }
}

/**
 * The one line that stops start-up when DATA_DIR can't be used: what failed,
 * and the ways out (a damaged database file has its own).
 */
export function dataDirError(dataDir: string, error: unknown): BotError {
  const code = (error as { code?: string }).code ?? (error as Error).message?.split('\n')[0] ?? 'unknown error';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new BotError(
      'DATA_DIR',
      `DATA_DIR: the question log ${path.resolve(dataDir, 'questions.db')} is damaged (${code}); move it aside (a new one is made at start), or set QUESTION_LOG=off to run without the question log`,
      { cause: error },
    );
  const uid = typeof process.getuid === 'function' ? ` (user id ${process.getuid()})` : '';
  return new BotError(
    'DATA_DIR',
    `DATA_DIR: cannot use ${path.resolve(dataDir)} (${code}); make it writable by the bot's user${uid}, set DATA_DIR to a writable folder, or set QUESTION_LOG=off to run without the question log`,
    { cause: error },
  );
}
