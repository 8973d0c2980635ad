import { describe, expect, it } from 'vitest';
import { essayAnswerer } from '../helpers/essay.js';

/**
 * Golden questions over the shipped essay: the top citation each must give,
 * and why that passage should win.
 */
const GOLDEN: Array<[question: string, address: string, why: string]> = [
  ['What is APEC?', 'russia-china-relations §1.6', 'the only passage that defines the acronym'],
  [
    'What is the Asia Pacific Economic Cooperation?',
    'russia-china-relations §1.6',
    'the expansion finds the acronym passage',
  ],
  ['Eurasian Economic Union', 'russia-china-relations §1.6', 'EAEU is defined there'],
  ['Who is Zbigniew Brzezinski?', 'russia-china-relations §2.1', 'the only passage naming him'],
  ['who is brzezinsky', 'russia-china-relations §2.1', 'a typo is corrected to the name the essay uses'],
  ['What happened on the Amur River in 2019?', 'russia-china-relations §1.7', 'two rare terms, one passage'],
  ['Is multilateralism required?', 'russia-china-relations §3.3', 'the sentence says so verbatim'],
  ['Is the relationship an entente?', 'russia-china-relations §4.3', 'the bullet that says entente-type'],
  ['Were both countries empires?', 'russia-china-relations §4.6', 'the bullet about empires'],
  ['Brzez', 'russia-china-relations §2.1', 'a partial last word matches by prefix'],
];

describe('golden questions over the essay', () => {
  it.each(GOLDEN)('%s → %s (%s)', async (question, address) => {
    const answer = (await essayAnswerer()).ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.address).toBe(address);
  });

  it.each(['How do I bake bread?', 'Who wrote Hamlet?', 'lkjasd qwe poiu', 'What time is it in Tokyo?'])(
    'declines %s plainly',
    async (question) => {
      const answer = (await essayAnswerer()).ask(question);
      expect(answer.answered).toBe(false);
      expect(answer.message).toBe("The documents don't cover that.");
      expect(answer.citations.length).toBeLessThanOrEqual(2);
    },
  );
});
