import { constants, type Dirent } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BotError } from '../errors.js';
import type { KnowledgeProblem } from './types.js';

const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
const PARALLEL_READS = 32;

/** Largest knowledge file read, unless the caller says otherwise (KNOWLEDGE_MAX_FILE_MB's default). */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/** A knowledge file as read from disk, before parsing. */
export interface KnowledgeFile {
  /** Path relative to the knowledge folder, with `/` separators. */
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** How to read a knowledge folder. */
export interface ReadKnowledgeOptions {
  /** A larger file is skipped with a reason. Default 16 MiB. */
  readonly maxFileBytes?: number;
}

/** A file to read: its name as shown, and its real path (inside the folder). */
interface Candidate {
  readonly file: string;
  readonly real: string;
}

/**
 * Reads every `.md`, `.markdown` and `.txt` file under `dir`, sorted by path,
 * safely against a hostile or careless folder:
 * - a symbolic link is followed only when it stays inside `dir`;
 * - no folder is read twice (real paths are compared), so `loop -> .` is harmless;
 * - only regular files are opened, and never in a way that can block: a FIFO,
 *   socket or device named `x.md` is skipped with a reason;
 * - a file over `maxFileBytes` is skipped with a reason.
 *
 * Files that can't be used are reported in `problems`, not thrown.
 *
 * @throws BotError `KNOWLEDGE_DIR` when the folder itself can't be read.
 */
export async function readKnowledgeFiles(
  dir: string,
  options: ReadKnowledgeOptions = {},
): Promise<{ files: KnowledgeFile[]; problems: KnowledgeProblem[] }> {
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { candidates, problems } = await walk(dir);
  candidates.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const seen = new Map<string, string>();
  const wanted: Candidate[] = [];
  for (const c of candidates) {
    const first = seen.get(c.real);
    if (first === undefined) {
      seen.set(c.real, c.file);
      wanted.push(c);
    } else problems.push({ file: c.file, message: `${c.file}: the same file as ${first}, read once` });
  }
  // Several reads at a time (thousands of files read one by one wait on each other), results kept in order.
  const read: Array<KnowledgeFile | KnowledgeProblem> = [];
  for (let at = 0; at < wanted.length; at += PARALLEL_READS)
    read.push(...(await Promise.all(wanted.slice(at, at + PARALLEL_READS).map((c) => readOne(c, max)))));
  const files: KnowledgeFile[] = [];
  for (const r of read) {
    if ('bytes' in r) files.push(r);
    else problems.push(r);
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, problems };
}

/** Every wanted file under `dir`, following only links that stay inside it, each folder once. */
async function walk(dir: string): Promise<{ candidates: Candidate[]; problems: KnowledgeProblem[] }> {
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    throw unreadable(dir, error);
  }
  const candidates: Candidate[] = [];
  const problems: KnowledgeProblem[] = [];
  const folders = new Set([root]);
  const queue: Array<{ real: string; rel: string }> = [{ real: root, rel: '' }];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    let entries: Dirent[];
    try {
      entries = await readdir(next.real, { withFileTypes: true });
    } catch (error) {
      if (next.rel === '') throw unreadable(dir, error);
      problems.push({ file: next.rel, message: `${next.rel}/: cannot read folder (${codeOf(error)})` });
      continue;
    }
    for (const entry of entries) {
      const rel = next.rel === '' ? entry.name : `${next.rel}/${entry.name}`;
      const wanted = EXTENSIONS.has(path.extname(entry.name).toLowerCase());
      let real = path.join(next.real, entry.name);
      let kind = kindOf(entry);
      if (kind === 'link') {
        try {
          real = await realpath(real);
          kind = kindOf(await stat(real));
        } catch (error) {
          if (wanted) problems.push({ file: rel, message: `${rel}: cannot read (${codeOf(error)})` });
          continue;
        }
        if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
          if (wanted || kind === 'folder')
            problems.push({ file: rel, message: `${rel}: a link that leads outside KNOWLEDGE_DIR, not followed` });
          continue;
        }
      }
      if (kind === 'folder') {
        if (folders.has(real)) problems.push({ file: rel, message: `${rel}/: a folder already read, not read again` });
        else {
          folders.add(real);
          queue.push({ real, rel });
        }
      } else if (wanted) {
        if (kind === 'file') candidates.push({ file: rel, real });
        else problems.push({ file: rel, message: `${rel}: not a regular file (${kind}), not opened` });
      }
    }
  }
  return { candidates, problems };
}

type Kind = 'file' | 'folder' | 'link' | 'FIFO' | 'socket' | 'device';

function kindOf(entry: Dirent | Awaited<ReturnType<typeof stat>>): Kind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  return 'device';
}

/**
 * Reads one file, opened so that nothing can block: non-blocking and not
 * through a link, then checked (still a regular file, not too large) on the
 * open handle before a byte is read.
 */
async function readOne(c: Candidate, max: number): Promise<KnowledgeFile | KnowledgeProblem> {
  let handle;
  try {
    handle = await open(c.real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { file: c.file, message: `${c.file}: cannot read (${codeOf(error)})` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { file: c.file, message: `${c.file}: not a regular file (${kindOf(info)}), not read` };
    if (info.size > max) return tooLarge(c.file, max);
    const bytes = await handle.readFile();
    return bytes.length > max ? tooLarge(c.file, max) : { file: c.file, bytes };
  } catch (error) {
    return { file: c.file, message: `${c.file}: cannot read (${codeOf(error)})` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function tooLarge(file: string, max: number): KnowledgeProblem {
  const mb = Math.round((max / 1024 / 1024) * 100) / 100;
  return { file, message: `${file}: larger than ${mb} MB, not read (raise KNOWLEDGE_MAX_FILE_MB to include it)` };
}

function unreadable(dir: string, error: unknown): BotError {
  return new BotError(
    'KNOWLEDGE_DIR',
    `knowledge: cannot read folder ${dir} (${codeOf(error)}); set KNOWLEDGE_DIR to a readable folder`,
    { cause: error },
  );
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
}
