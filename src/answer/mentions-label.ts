import type { Answer } from './answer.js';

/**
 * The heading over the passages shown with an answer that was not given:
 * "Possibly related:" when the bot is not sure (they may well answer it), and
 * "Closest mentions:" when the documents don't cover the question.
 *
 * @example
 * mentionsLabel({ outcome: 'not_sure' }) // 'Possibly related:'
 */
export function mentionsLabel(answer: Pick<Answer, 'outcome'>): string {
  return answer.outcome === 'not_sure' ? 'Possibly related:' : 'Closest mentions:';
}
