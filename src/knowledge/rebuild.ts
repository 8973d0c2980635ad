import { buildKnowledge, knowledgeVersion, readKnowledgeFiles, type KnowledgeFile } from './load-knowledge.js';
import type { Knowledge, KnowledgeProblem } from './types.js';

/** What a reload is given: the folder, and what the version being served was built from. */
export interface RebuildInput {
  readonly dir: string;
  readonly maxFileBytes?: number;
  /** The version being served: unchanged files give `unchanged` without parsing. */
  readonly previousVersion: string;
  /** The last good bytes of each file being served, kept when a file breaks. */
  readonly good: ReadonlyMap<string, Uint8Array>;
  /** Files (by {@link fileKey}) that took too long to parse before, with the reason: skipped. */
  readonly skip: ReadonlyMap<string, string>;
}

/** The new knowledge (or why there is none), and what the caller must keep or log. */
export type RebuildResult =
  | { readonly kind: 'unchanged' }
  | {
      readonly kind: 'built';
      readonly knowledge: Knowledge;
      /** Files kept at their previous version because the new one is broken. */
      readonly kept: readonly KnowledgeProblem[];
      /** The bytes of every file now served, to keep for the next reload. */
      readonly good: ReadonlyMap<string, Uint8Array>;
    };

/** A file's name and a hash of its bytes: a file that hung the parser is skipped until it changes. */
export function fileKey(file: KnowledgeFile): string {
  return `${knowledgeVersion([file])} ${file.file}`;
}

/**
 * Reads the folder and builds the knowledge, keeping the last good version
 * of a file that broke. `onFile` is told of each file (by {@link fileKey})
 * before it is parsed, so a watcher can tell which file a parse is stuck in.
 */
export async function rebuildKnowledge(input: RebuildInput, onFile?: (key: string) => void): Promise<RebuildResult> {
  const read = await readKnowledgeFiles(input.dir, input.maxFileBytes === undefined ? {} : { maxFileBytes: input.maxFileBytes });
  if (knowledgeVersion(read.files) === input.previousVersion) return { kind: 'unchanged' };
  const problems = [...read.problems];
  const skipped = (f: KnowledgeFile): string | undefined => input.skip.get(fileKey(f));
  for (const f of read.files) {
    const reason = skipped(f);
    if (reason !== undefined) problems.push({ file: f.file, message: `${f.file}: ${reason}` });
  }
  const build = (files: readonly KnowledgeFile[]): Knowledge => {
    const knowledge = buildKnowledge(
      files.filter((f) => skipped(f) === undefined),
      problems,
      onFile === undefined ? undefined : (f) => onFile(fileKey(f)),
    );
    return { ...knowledge, version: knowledgeVersion(files) };
  };
  let used = read.files;
  let knowledge = build(used);
  const kept = knowledge.problems.filter((p) => input.good.has(p.file));
  if (kept.length > 0) {
    const byName = new Map(used.map((f) => [f.file, f]));
    for (const p of kept) byName.set(p.file, { file: p.file, bytes: input.good.get(p.file) ?? new Uint8Array() });
    used = [...byName.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
    knowledge = build(used);
  }
  const loaded = new Set(knowledge.documents.map((d) => d.file));
  const good = new Map(used.filter((f) => loaded.has(f.file)).map((f) => [f.file, f.bytes]));
  return { kind: 'built', knowledge, kept, good };
}
