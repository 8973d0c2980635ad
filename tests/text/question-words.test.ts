import { describe, expect, it } from 'vitest';
import type { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { asksForMeasure } from '../../src/text/question-words.js';
import { tokenize } from '../../src/text/analyze.js';
import { essayAnswerer } from '../helpers/essay.js';

const at = (question: string, word: string): boolean => {
  const words = tokenize(question);
  return asksForMeasure(words, words.indexOf(word));
};

describe('a word that asks for a measure', () => {
  it('is the word between "how" and a verb such as "is"', () => {
    expect(at('How big is the army?', 'big')).toBe(true);
    expect(at('how strong are their ties', 'strong')).toBe(true);
    expect(at('How important was the 2019 bridge?', 'important')).toBe(true);
  });

  it('is not a word that names the topic', () => {
    expect(at('How Russia and China cooperate', 'Russia')).toBe(false);
    expect(at('big army', 'big')).toBe(false);
    expect(at('how big', 'big')).toBe(false);
  });

  it('is left out of the question terms, so it cannot carry an answer alone', async () => {
    const index: KnowledgeIndex = (await essayAnswerer()).index;
    const terms = index.analyze('How big is the pipeline?').map((q) => q.word);
    expect(terms).toContain('pipeline');
    expect(terms).not.toContain('big');
  });
});
