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

/**
 * The same, with FlexSearch's context index (`context: true`, its documented
 * defaults), which scores terms near each other higher.
 */
function createContextIndex(): Index {
  return new Index({ encoder: new Encoder(EnglishPreset), context: true });
}

/** FlexSearch 0.8, English preset. Multi-word queries intersect (its default, no `suggest`). */
export const flexsearchEngine: EngineSpec = flexsearchSpec('flexsearch', 'FlexSearch (English)', createIndex, false);

/**
 * FlexSearch 0.8, English preset, as its README advises for queries of several
 * words: `suggest: true`, so a passage missing one of the words can still be
 * returned, ranked below those holding more of them.
 */
export const flexsearchSuggestEngine: EngineSpec = flexsearchSpec(
  'flexsearch-suggest',
  'FlexSearch (English, suggest)',
  createIndex,
  true,
);

/** FlexSearch 0.8, English preset, context index and `suggest: true`. */
export const flexsearchContextEngine: EngineSpec = flexsearchSpec(
  'flexsearch-context',
  'FlexSearch (English, context, suggest)',
  createContextIndex,
  true,
);

function flexsearchSpec(name: string, label: string, create: () => Index, suggest: boolean): EngineSpec {
  return {
    name,
    label,
    async build(corpus) {
      const index = create();
      for (const p of corpus.passages) index.add(p.id, p.text);
      return wrap(index, suggest);
    },
    async load(file) {
      const snapshot = await readFile(file, 'utf8');
      const index = create();
      for (const [key, data] of Object.entries(JSON.parse(snapshot) as Record<string, string>)) index.import(key, data);
      return wrap(index, suggest);
    },
  };
}

function wrap(index: Index, suggest: boolean): BuiltEngine {
  const top = (query: string, limit: number): number[] => index.search(query, { limit, suggest }) as number[];
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
