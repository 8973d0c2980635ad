import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BotError } from '../errors.js';
import { buildDocument } from './build-document.js';
import { FrontMatterError, outlineMarkdown, outlinePlainText, type Outline } from './outline.js';
import type { DocumentRef, Knowledge, KnowledgeDocument, KnowledgeProblem, Passage } from './types.js';

const EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const PARALLEL_READS = 32;

/** A knowledge file as read from disk, before parsing. */
export interface KnowledgeFile {
  /** Path relative to the knowledge folder, with `/` separators. */
  readonly file: string;
  readonly bytes: Uint8Array;
}

/**
 * Reads every `.md` and `.txt` file under `dir` (sorted, recursively) and
 * builds the knowledge. A file that can't be used is reported in `problems`
 * with a one-line reason and does not stop the others.
 *
 * @throws BotError `KNOWLEDGE_DIR` when the folder can't be read, and
 *   `KNOWLEDGE_EMPTY` when no file in it is usable.
 */
export async function loadKnowledge(dir: string): Promise<Knowledge> {
  const { files, problems } = await readKnowledgeFiles(dir);
  return requireDocuments(buildKnowledge(files, problems), dir);
}

/**
 * Reads every `.md` and `.txt` file under `dir`, sorted by path. Files that
 * can't be read are reported, not thrown.
 *
 * @throws BotError `KNOWLEDGE_DIR` when the folder itself can't be read.
 */
export async function readKnowledgeFiles(dir: string): Promise<{ files: KnowledgeFile[]; problems: KnowledgeProblem[] }> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).map((n) => n.split(path.sep).join('/'));
  } catch (error) {
    throw new BotError('KNOWLEDGE_DIR', `knowledge: cannot read folder ${dir} (${codeOf(error)}); set KNOWLEDGE_DIR to a readable folder`, {
      cause: error,
    });
  }
  const wanted = names.filter((n) => EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
  // Several reads at a time (thousands of files read one by one wait on each other), results kept in order.
  const read: Array<KnowledgeFile | KnowledgeProblem | undefined> = [];
  for (let at = 0; at < wanted.length; at += PARALLEL_READS) {
    const batch = wanted.slice(at, at + PARALLEL_READS).map(async (file) => {
      try {
        return { file, bytes: await readFile(path.join(dir, file)) };
      } catch (error) {
        return codeOf(error) === 'EISDIR' ? undefined : { file, message: `${file}: cannot read (${codeOf(error)})` };
      }
    });
    read.push(...(await Promise.all(batch)));
  }
  const files: KnowledgeFile[] = [];
  const problems: KnowledgeProblem[] = [];
  for (const r of read) {
    if (r === undefined) continue;
    if ('bytes' in r) files.push(r);
    else problems.push(r);
  }
  return { files, problems };
}

/**
 * Returns the knowledge if it holds at least one document.
 *
 * @throws BotError `KNOWLEDGE_EMPTY`, naming every file's problem.
 */
export function requireDocuments(knowledge: Knowledge, dir: string): Knowledge {
  if (knowledge.documents.length > 0) return knowledge;
  const why = knowledge.problems.length === 0 ? 'no .md or .txt file' : knowledge.problems.map((p) => p.message).join('; ');
  throw new BotError('KNOWLEDGE_EMPTY', `knowledge: no usable document in ${dir}: ${why}`);
}

/**
 * Builds knowledge from files already read. Pure and deterministic: the same
 * files in the same order give the same passages, ids and addresses.
 */
export function buildKnowledge(files: readonly KnowledgeFile[], readProblems: readonly KnowledgeProblem[] = []): Knowledge {
  const problems = [...readProblems];
  const documents: KnowledgeDocument[] = [];
  const passages: Passage[] = [];
  const slugs = new Set<string>();
  for (const { file, bytes } of files) {
    try {
      const source = decode(bytes);
      const markdown = !file.toLowerCase().endsWith('.txt');
      const outline: Outline = markdown ? outlineMarkdown(source) : outlinePlainText(source);
      if (!outline.items.some((item) => item.kind === 'block')) throw new Error('no text in it');
      const ref = documentRef(file, outline, slugs);
      const document = buildDocument(ref, source, outline, passages.length);
      slugs.add(ref.slug);
      documents.push(document);
      for (const section of document.sections) passages.push(...section.passages);
    } catch (error) {
      problems.push({ file, message: `${file}: ${reasonOf(error)}` });
    }
  }
  return { documents, passages, problems, version: knowledgeVersion(files) };
}

/**
 * The knowledge version: a short hash of every file's name and bytes, usable
 * or not, computed before any parsing (so a snapshot can be checked cheaply).
 */
export function knowledgeVersion(files: readonly KnowledgeFile[]): string {
  const hash = createHash('sha256');
  for (const { file, bytes } of files) hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  return hash.digest('hex').slice(0, 12);
}

function decode(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new Error('binary file, not text');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  if (text.trim() === '') throw new Error('empty file');
  return text.replace(/^\uFEFF/, '');
}

function documentRef(file: string, outline: Outline, taken: ReadonlySet<string>): DocumentRef {
  const { meta } = outline;
  const stem = file.replace(/\.[^./]+$/, '');
  const base = slugify(typeof meta['slug'] === 'string' ? meta['slug'] : stem) || 'document';
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  const title = textField(meta, 'title') ?? outline.leadTitle ?? humanize(path.posix.basename(stem));
  const url = textField(meta, 'url');
  if (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) throw new Error(`front matter url must start with http:// or https://, got "${url.slice(0, 60)}"`);
  return url === undefined ? { slug, title, file } : { slug, title, url, file };
}

function textField(meta: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = meta[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`front matter ${key} must be text`);
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/**
 * A lowercase, dash-separated form of a name, safe to type.
 *
 * @example
 * slugify('Russia–China Relations.md') // 'russia-china-relations-md'
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function humanize(stem: string): string {
  const words = stem.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown error';
}

function reasonOf(error: unknown): string {
  if (error instanceof FrontMatterError) return error.message;
  if (error instanceof Error) return (error.message.split('\n')[0] ?? '').slice(0, 200);
  return String(error);
}
