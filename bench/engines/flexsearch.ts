import { readFile, writeFile } from 'node:fs/promises';
import { Encoder, Index } from 'flexsearch';
import EnglishPreset from 'flexsearch/lang/en';
import type { BuiltEngine, EngineSpec } from './engine.js';

/**
 * FlexSearch 0.8's default index (strict tokens, resolution 9) with its
 * English pack (stop words, stemmer) over the default charset, which is empty:
 * the same as the documented `new Encoder(EnglishPreset)`.
 */
function createIndex(): Index {
  return new Index({ encoder: new Encoder(EnglishPreset) });
}

/** FlexSearch 0.8, English preset. Multi-word queries intersect (its default, no `suggest`). */
export const flexsearchEngine: EngineSpec = {
  name: 'flexsearch',
  label: 'FlexSearch (English)',
  async build(corpus) {
    const index = createIndex();
    for (const p of corpus.passages) index.add(p.id, p.text);
    return wrap(index);
  },
  async load(file) {
    const snapshot = await readFile(file, 'utf8');
    const index = createIndex();
    for (const [key, data] of Object.entries(JSON.parse(snapshot) as Record<string, string>)) index.import(key, data);
    return wrap(index);
  },
};

function wrap(index: Index): BuiltEngine {
  const top = (query: string, limit: number): number[] => index.search(query, { limit }) as number[];
  return {
    top,
    run: (query) => top(query, 10),
    save: (file) => {
      const parts: Record<string, string> = {};
      void index.export((key, data) => {
        parts[key] = data;
      });
      return writeFile(file, JSON.stringify(parts));
    },
  };
}
