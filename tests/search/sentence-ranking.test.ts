import { describe, expect, it } from 'vitest';
import { buildKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex, SEARCH_OPTIONS } from '../../src/search/knowledge-index.js';

/**
 * Ranking by a passage's best sentence (`sentence` in SEARCH_OPTIONS): a
 * question usually restates one sentence, so the passage where its words stand
 * together in one sentence should come first, even when another passage
 * repeats them, scattered, more often.
 */
const text = [
  'Gas is traded. The pipeline is old. Siberia is far. Siberia is cold.',
  'The pipeline takes gas from Siberia to the coast, as the agreement of that year set out.',
  'Tea is grown in the south.',
].join('\n\n');
const knowledge = buildKnowledge([{ file: 'notes.txt', bytes: new TextEncoder().encode(text) }]);

function first(weight: number, question: string): string | undefined {
  const index = KnowledgeIndex.build(knowledge, {
    ...SEARCH_OPTIONS,
    sentence: { ...SEARCH_OPTIONS.sentence, weight },
  });
  return index.search(index.analyze(question), 3)[0]?.passage.text;
}

describe('ranking by the best sentence', () => {
  const question = 'Does the pipeline carry gas from Siberia?';

  it('BM25 alone prefers the passage repeating the words, scattered over four sentences', () => {
    expect(first(0, question)).toMatch(/^Gas is traded/);
  });

  it('with the sentence counted, the passage saying it in one sentence wins (the golden case)', () => {
    expect(first(SEARCH_OPTIONS.sentence.weight, question)).toMatch(/^The pipeline takes gas from Siberia/);
  });

  it('a question of one word is ranked as before', () => {
    expect(first(SEARCH_OPTIONS.sentence.weight, 'tea')).toMatch(/^Tea/);
  });
});
