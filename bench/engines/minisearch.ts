import { readFile, writeFile } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import type { BenchPassage } from '../lib/corpus.js';
import type { BuiltEngine, EngineSpec } from './engine.js';

const OPTIONS = { fields: ['text'] };

/** Raw MiniSearch with its defaults: no stop words, no stemming, OR of the terms. */
export const minisearchEngine: EngineSpec = {
  name: 'minisearch',
  label: 'MiniSearch (defaults)',
  async build(corpus) {
    const search = new MiniSearch<BenchPassage>(OPTIONS);
    search.addAll(corpus.passages);
    return wrap(search);
  },
  async load(file) {
    const snapshot = await readFile(file, 'utf8');
    return wrap(MiniSearch.loadJSON<BenchPassage>(snapshot, OPTIONS));
  },
};

function wrap(search: MiniSearch<BenchPassage>): BuiltEngine {
  const top = (query: string, limit: number): number[] =>
    search
      .search(query)
      .slice(0, limit)
      .map((r) => r.id as number);
  return { top, run: (query) => top(query, 10), save: (file) => writeFile(file, JSON.stringify(search)) };
}
