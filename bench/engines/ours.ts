import { KnowledgeAnswerer } from '../../src/answer/knowledge-answerer.js';
import { knowledgeVersion, readKnowledgeFiles } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { readSnapshot, writeSnapshot } from '../../src/search/snapshot-file.js';
import type { BuiltEngine, EngineSpec } from './engine.js';

/**
 * This project: `KnowledgeIndex.build` over the passages `loadKnowledge` made,
 * and every timed query through `KnowledgeAnswerer.ask`, the composed answer
 * included (sentence, citations, highlights).
 *
 * The snapshot is the core's own (`writeSnapshot`, what `npm run build`
 * writes), and its load time is the bot's start-up from it: read the
 * knowledge files, hash them (`knowledgeVersion`), `readSnapshot`, and make
 * the answerer.
 */
export const oursEngine: EngineSpec = {
  name: 'ours',
  label: 'ours (answer)',
  async build(corpus) {
    const index = KnowledgeIndex.build(corpus.knowledge);
    const answerer = new KnowledgeAnswerer(index);
    const idOf = new Map(corpus.knowledge.passages.map((p) => [p.address, p.id]));
    const ids = (citations: readonly { address: string }[]): number[] =>
      citations.map((c) => idOf.get(c.address) ?? -1);
    const engine: BuiltEngine = {
      run: (query) => answerer.ask(query),
      top: (query, limit) => ids(answerer.ask(query, { perPage: limit }).citations),
      topIndex: (query, limit) => index.search(index.analyze(query), limit).map((hit) => hit.passage.id),
      save: async (file) => void writeSnapshot(index, file),
    };
    return engine;
  },
  async load(file, corpus) {
    const { files } = await readKnowledgeFiles(corpus.dir);
    const { index, reason } = readSnapshot(file, knowledgeVersion(files));
    if (index === undefined) throw new Error(`bench: the snapshot did not load: ${reason}`);
    if (index.knowledge.passages.length !== corpus.passages.length)
      throw new Error('bench: the snapshot lost passages');
    return new KnowledgeAnswerer(index);
  },
};
