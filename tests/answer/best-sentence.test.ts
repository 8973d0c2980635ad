import { describe, expect, it } from 'vitest';
import { bestSentence } from '../../src/answer/best-sentence.js';
import { answerKind } from '../../src/text/answer-kind.js';
import { essayAnswerer } from '../helpers/essay.js';

describe('the answer sentence is chosen for the question', () => {
  it('reads who, when and how many as a name, a date and a quantity', () => {
    expect(answerKind('quick fact check: who warned about it?')).toBe('name');
    expect(answerKind('When was the treaty prolonged?')).toBe('date');
    expect(answerKind('how much oil')).toBe('quantity');
    expect(answerKind('is globalization dead')).toBeUndefined();
  });

  it('prefers the sentence holding a year when asked when', () => {
    const text = 'The bridge matters for trade. It opened in 2019 after delays.';
    const weights = new Map([['bridg', 1]]);
    expect(bestSentence(text, weights)).toBe('The bridge matters for trade.');
    expect(
      bestSentence(
        text,
        new Map([
          ['bridg', 1],
          ['open', 0.8],
        ]),
        'date',
      ),
    ).toBe('It opened in 2019 after delays.');
  });

  it('quotes the sentence that holds the word as asked ("globalization", not "global economy")', async () => {
    const answer = (await essayAnswerer()).ask('is globalization dead or nah, what does the author say');
    expect(answer.sentence).toMatch(/globalization seems to be irreversible/);
  });
});
