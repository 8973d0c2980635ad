import { readFile, writeFile } from 'node:fs/promises';
import { create, insertMultiple, load, save, search, type Orama } from '@orama/orama';
import type { BuiltEngine, EngineSpec } from './engine.js';

const SCHEMA = { id: 'string', text: 'string' } as const;
type Db = Orama<typeof SCHEMA>;

/** Orama 3 full-text search with its defaults (English tokenizer, no stemming, BM25). */
export const oramaEngine: EngineSpec = {
  name: 'orama',
  label: 'Orama',
  async build(corpus) {
    const db = create({ schema: SCHEMA });
    await insertMultiple(
      db,
      corpus.passages.map((p) => ({ id: String(p.id), text: p.text })),
    );
    return wrap(db);
  },
  async load(file) {
    const snapshot = await readFile(file, 'utf8');
    const db = create({ schema: SCHEMA });
    load(db, JSON.parse(snapshot) as ReturnType<typeof save>);
    return wrap(db);
  },
};

function wrap(db: Db): BuiltEngine {
  const top = async (query: string, limit: number): Promise<number[]> => {
    const result = await search(db, { term: query, limit });
    return result.hits.map((hit) => Number(hit.id));
  };
  return { top, run: (query) => top(query, 10), save: (file) => writeFile(file, JSON.stringify(save(db))) };
}
