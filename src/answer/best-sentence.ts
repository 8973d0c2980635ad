import { term } from '../text/analyze.js';
import { tokenize } from '../text/analyze.js';
import { holdsAnswer, type AnswerKind } from '../text/answer-kind.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * The sentence of a passage that best answers the question: the one whose
 * words carry the most of the question's weight, the earliest on a tie. When
 * the question asks for a name, a year or a number, a sentence holding one
 * counts as holding another half of the heaviest word. A word written as the
 * question wrote it (`asked`, lower-cased) counts a quarter more than another
 * form of it. Returned verbatim, trimmed.
 *
 * @example
 * bestSentence('A b. C d.', new Map([['d', 1]])) // 'C d.'
 */
export function bestSentence(
  text: string,
  weights: ReadonlyMap<string, number>,
  kind?: AnswerKind,
  asked: ReadonlySet<string> = new Set(),
): string {
  let best = text.trim();
  let bestScore = -1;
  const bonus = kind === undefined ? 0 : Math.max(0, ...weights.values()) / 2;
  for (const { segment } of segmenter.segment(text)) {
    const sentence = segment.trim();
    if (sentence === '') continue;
    const seen = new Set<string>();
    let score = kind !== undefined && holdsAnswer(sentence, kind) ? bonus : 0;
    for (const word of tokenize(sentence)) {
      const t = term(word);
      if (t === null || seen.has(t)) continue;
      seen.add(t);
      // The word as the question wrote it ("globalization", not only "global") counts a quarter more.
      score += (weights.get(t) ?? 0) * (asked.has(word.toLowerCase()) ? 1.25 : 1);
    }
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}
