import { describe, expect, it } from 'vitest';
import { readEvalSet, score } from '../../scripts/eval-score.js';
import { essayAnswerer } from '../helpers/essay.js';

/**
 * Floors under the eval figures (`npm run eval`), so quality cannot
 * silently regress. Raise them when the method improves; never lower them
 * to make a change pass.
 */
describe('answer quality floors', () => {
  it('shared dev set', async () => {
    const f = score(await essayAnswerer(), readEvalSet('eval/dev.jsonl'));
    expect(f.hit1 / f.answerable).toBeGreaterThanOrEqual(0.88);
    expect(f.hit3 / f.answerable).toBe(1);
    expect(f.answered).toBe(f.answerable);
    expect(f.offTopicDeclined).toBe(f.offTopic);
    expect(f.hardDeclined * 2).toBeGreaterThanOrEqual(f.hard);
  });

  it('extended set', async () => {
    const f = score(await essayAnswerer(), readEvalSet('eval/extended.jsonl'));
    expect(f.hit1 / f.answerable).toBeGreaterThanOrEqual(0.77);
    expect(f.hit3 / f.answerable).toBeGreaterThanOrEqual(0.89);
    expect(f.offTopicDeclined).toBe(f.offTopic);
  });
});
