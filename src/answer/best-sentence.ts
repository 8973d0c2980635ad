import { term } from '../text/analyze.js';
import { tokenize } from '../text/analyze.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * The sentence of a passage that best answers the question: the one whose
 * words carry the most of the question's weight, the earliest on a tie.
 * Returned verbatim, trimmed.
 *
 * @example
 * bestSentence('A b. C d.', new Map([['d', 1]])) // 'C d.'
 */
export function bestSentence(text: string, weights: ReadonlyMap<string, number>): string {
  let best = text.trim();
  let bestScore = -1;
  for (const { segment } of segmenter.segment(text)) {
    const sentence = segment.trim();
    if (sentence === '') continue;
    const seen = new Set<string>();
    let score = 0;
    for (const word of tokenize(sentence)) {
      const t = term(word);
      if (t === null || seen.has(t)) continue;
      seen.add(t);
      score += weights.get(t) ?? 0;
    }
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}
