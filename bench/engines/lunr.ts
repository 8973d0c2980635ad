import { readFile, writeFile } from 'node:fs/promises';
import lunr from 'lunr';
import type { BuiltEngine, EngineSpec } from './engine.js';

/**
 * Everything but letters, digits and spaces. Lunr's query syntax (`:`, `~`,
 * `^`, `*`, `+`, `-`) must not be triggered by sampled text, and its search
 * pipeline has no trimmer, so "policy?" would not match "policy".
 */
const NOT_WORD = /[^\p{L}\p{N}\s]+/gu;

/** Lunr 2 with its default English pipeline (trimmer, stop words, Porter stemmer); terms are OR'ed. */
export const lunrEngine: EngineSpec = {
  name: 'lunr',
  label: 'Lunr',
  async build(corpus) {
    const index = lunr(function () {
      this.ref('id');
      this.field('text');
      for (const p of corpus.passages) this.add({ id: String(p.id), text: p.text });
    });
    return wrap(index);
  },
  async load(file) {
    const snapshot = await readFile(file, 'utf8');
    return wrap(lunr.Index.load(JSON.parse(snapshot) as object));
  },
};

function wrap(index: lunr.Index): BuiltEngine {
  const top = (query: string, limit: number): number[] => {
    try {
      return index
        .search(query.replace(NOT_WORD, ' '))
        .slice(0, limit)
        .map((r) => Number(r.ref));
    } catch {
      return [];
    }
  };
  return { top, run: (query) => top(query, 10), save: (file) => writeFile(file, JSON.stringify(index)) };
}
