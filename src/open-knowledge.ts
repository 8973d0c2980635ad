import { KnowledgeAnswerer } from './answer/knowledge-answerer.js';
import { loadKnowledge } from './knowledge/load-knowledge.js';
import type { KnowledgeProblem } from './knowledge/types.js';
import { KnowledgeIndex } from './search/knowledge-index.js';

/**
 * Loads a knowledge folder and builds the answerer over it.
 *
 * @example
 * const { answerer, problems } = await openKnowledge('./knowledge');
 */
export async function openKnowledge(
  dir: string,
): Promise<{ answerer: KnowledgeAnswerer; problems: readonly KnowledgeProblem[] }> {
  const knowledge = await loadKnowledge(dir);
  return { answerer: new KnowledgeAnswerer(KnowledgeIndex.build(knowledge)), problems: knowledge.problems };
}
