import { createHash } from 'node:crypto';
import path from 'node:path';
import { BotError } from '../errors.js';
import { buildDocument } from './build-document.js';
import { FrontMatterError, outlineMarkdown, outlinePlainText, type Outline } from './outline.js';
import type { DocumentRef, Knowledge, KnowledgeDocument, KnowledgeProblem, Passage } from './types.js';

import { readKnowledgeFiles, type KnowledgeFile, type ReadKnowledgeOptions } from './read-knowledge-files.js';

export { readKnowledgeFiles, type KnowledgeFile, type ReadKnowledgeOptions } from './read-knowledge-files.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every `.md` and `.txt` file under `dir` (sorted, recursively) and
 * builds the knowledge. A file that can't be used is reported in `problems`
 * with a one-line reason and does not stop the others.
 *
 * @throws BotError `KNOWLEDGE_DIR` when the folder can't be read, and
 *   `KNOWLEDGE_EMPTY` when no file in it is usable.
 */
export async function loadKnowledge(dir: string, options: ReadKnowledgeOptions = {}): Promise<Knowledge> {
  const { files, problems } = await readKnowledgeFiles(dir, options);
  return requireDocuments(buildKnowledge(files, problems), dir);
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
 * `onFile` is told of each file before it is parsed.
 */
export function buildKnowledge(
  files: readonly KnowledgeFile[],
  readProblems: readonly KnowledgeProblem[] = [],
  onFile?: (file: KnowledgeFile) => void,
): Knowledge {
  const problems = [...readProblems];
  const documents: KnowledgeDocument[] = [];
  const passages: Passage[] = [];
  const slugs = new Set<string>();
  for (const { file, bytes } of files) {
    onFile?.({ file, bytes });
    try {
      const source = decode(bytes);
      const markdown = !file.toLowerCase().endsWith('.txt');
      if (markdown) checkNesting(source);
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

/** Deepest nesting of lists and quotes read; the Markdown parser's time grows steeply past it. */
export const MAX_NESTING = 32;

/**
 * Refuses Markdown nested deeper than {@link MAX_NESTING} levels (list
 * markers or quote marks opening one line, or a list item indented that deep),
 * before it is parsed: such nesting (`- - - …` ten thousand times on one
 * line, or a list nested a thousand deep) takes the parser tens of seconds,
 * while real documents nest a few levels.
 *
 * @throws Error naming the line
 */
function checkNesting(source: string): void {
  let line = 0;
  for (const text of source.split('\n')) {
    line++;
    const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
    const width = indent.replace(/\t/g, '    ').length;
    const markers = /^(?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?:[ \t]+|$))*/.exec(text)?.[0] ?? '';
    // Indentation counts only for a list item, whose nesting it sets (an indented code line is just text).
    const item = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/.test(text);
    const depth = Math.max(item ? Math.floor(width / 2) : 0, (markers.match(/[-*+>]|\d{1,9}[.)]/g) ?? []).length);
    if (depth > MAX_NESTING)
      throw new Error(`line ${line} is nested more than ${MAX_NESTING} lists or quotes deep; not parsed`);
  }
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

function reasonOf(error: unknown): string {
  if (error instanceof FrontMatterError) return error.message;
  if (error instanceof Error) return (error.message.split('\n')[0] ?? '').slice(0, 200);
  return String(error);
}
