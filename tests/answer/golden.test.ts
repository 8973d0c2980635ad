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

/**
 * Shorthand and function words must not change the decision: a question in
 * chat shorthand ("natl", "govt", "w/o", "etc") or opened with "so" is read as
 * the same question written out. Before, "natl" weighed as a rare word the
 * documents never use and "so" as content, each taking a share of the
 * question no passage covers, so written-out questions were answered and
 * their chat forms declined.
 */
const SAME_AS_WRITTEN_OUT: Array<[chat: string, written: string]> = [
  ['natl security etc', 'national security'],
  ['so the pressure on the two failed?', 'the pressure on the two failed?'],
  ['cooperation w/o a formal alliance', 'cooperation without a formal alliance'],
  ['what do the two govts think of intl trade', 'what do the two governments think of international trade'],
];

describe('chat forms of a question', () => {
  it.each(SAME_AS_WRITTEN_OUT)('%s is answered as "%s"', async (chat, written) => {
    const answerer = await essayAnswerer();
    const [a, b] = [answerer.ask(chat), answerer.ask(written)];
    expect(a.outcome).toBe(b.outcome);
    expect(a.citations.map((c) => c.address)).toEqual(b.citations.map((c) => c.address));
  });
});
