import { describe, expect, it } from 'vitest';
import type { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { asksForMeasure, spellOutSlashes, spelledOut } from '../../src/text/question-words.js';
import { term, tokenize } from '../../src/text/analyze.js';
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

// Shorthand of everyday English and chat ("natl", "govt", "w/o") used to weigh as a rare unknown
// word, counting against answering and crowding out the words that name the topic.
describe('shorthand', () => {
  it('is spelt out, slashes included', () => {
    expect(spelledOut('natl')).toBe('national');
    expect(spelledOut('Govt')).toBe('government');
    expect(spelledOut('ppl')).toBe('people');
    expect(spelledOut('pipeline')).toBeUndefined();
    expect(spellOutSlashes('deals w/o asking, w/ help b/c')).toBe('deals without asking, with help because');
  });

  it('weighs as its full form; "etc" closes a list and is not content', async () => {
    const index: KnowledgeIndex = (await essayAnswerer()).index;
    const terms = index.analyze('threatened (territory, natl security etc)').map((q) => q.word);
    expect(terms).toContain('national');
    expect(terms).not.toContain('natl');
    expect(terms).not.toContain('etc');
  });
});

// Function words of the Snowball English list that the stopword package lacks ("so", "not", "once")
// weighed as content: "so" in "so the pressure …" took a share of the question that no passage
// could cover. "against" stays content: it carries the question's stance ("… against the US").
describe('function words', () => {
  it('are the Snowball list, "against" left in', () => {
    for (const word of ['so', 'not', 'no', 'once', 'again', 'own', 'during']) expect(term(word)).toBeNull();
    expect(term('against')).toBe('against');
  });
});

// Porter cuts "used", "uses", "using" to "us", the term of the acronym "US": a question about what
// something is used for matched every passage about the United States.
describe('short stems', () => {
  it('never meet an acronym of two letters', () => {
    for (const word of ['use', 'used', 'using', 'useful']) expect(term(word)).toBe('use');
    expect(term('US')).toBe('us');
    expect(term('ai')).toBe('ai');
    expect(term('AI')).toBe('ai');
  });
});
