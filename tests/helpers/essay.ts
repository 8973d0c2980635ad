import { KnowledgeAnswerer } from '../../src/answer/knowledge-answerer.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';

let cached: Promise<KnowledgeAnswerer> | undefined;

/** The answerer over the bundled knowledge, built once per test file. */
export function essayAnswerer(): Promise<KnowledgeAnswerer> {
  cached ??= loadKnowledge('knowledge').then((k) => new KnowledgeAnswerer(KnowledgeIndex.build(k)));
  return cached;
}
