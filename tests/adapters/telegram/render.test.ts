import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/answer/answer.js';
import { answerMessage } from '../../../src/message/build.js';
import { questionOf, renderTelegram } from '../../../adapters/telegram/render.js';
import { decodeState, encodeState } from '../../../adapters/telegram/callback-data.js';

const answer: Answer = {
  question: 'Is A<B & C>D?',
  answered: true,
  outcome: 'answered',
  sentence: 'A<B & C>D, says the text.',
  citations: [
    {
      address: 'doc-one §1.2',
      document: 'Tags <script> & co',
      url: 'https://example.org/?a=1&b="2"',
      section: 'Section <one>',
      text: 'A<B & C>D, says the text, and Data matters.',
      score: 1,
      terms: ['Data'],
      band: 'strong',
    },
  ],
  suggestions: [],
  page: 1,
  pages: 2,
  version: 'v1',
};

describe('Telegram rendering', () => {
  it('escapes <&> in documents and questions, and bolds the matched words', () => {
    const { text, reply_markup } = renderTelegram(answerMessage(answer, 'AbCdEfGh'));
    expect(text).toBe(
      [
        '<b>❓ Is A&lt;B &amp; C&gt;D?</b>',
        'A&lt;B &amp; C&gt;D, says the text.',
        '<blockquote>A&lt;B &amp; C&gt;D, says the text, and <b>Data</b> matters.</blockquote>\n' +
          '<code>doc-one §1.2</code> · Section &lt;one&gt; · Tags &lt;script&gt; &amp; co <a href="https://example.org/?a=1&amp;b=&quot;2&quot;">↗</a>',
        '<i>page 1 of 2 · knowledge v1</i>',
      ].join('\n\n'),
    );
    expect(reply_markup?.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['▶', '👍', '👎'],
      ['Full passage §1.2'],
      ['Share'],
    ]);
  });

  it('offers Share only when the bot has inline mode', () => {
    const { reply_markup } = renderTelegram(answerMessage(answer, 'AbCdEfGh'), { share: false });
    expect(reply_markup?.inline_keyboard.flat().map((b) => b.text)).not.toContain('Share');
  });

  it('reads the question back from the delivered text', () => {
    expect(questionOf('❓ Is A<B & @\u200Bsomeone?\n\nrest')).toBe('Is A<B & @someone?');
    expect(questionOf('no question here')).toBeUndefined();
  });

  it('round-trips button state, and refuses state over 64 bytes', () => {
    for (const s of [
      { kind: 'page', page: 3, answerId: 'AbCdEfGh' },
      { kind: 'full', address: 'doc §1.2' },
      { kind: 'full-at', page: 2, index: 1 },
      { kind: 'vote', vote: 'down', answerId: 'AbCdEfGh', address: 'doc|x §1.2' },
    ] as const)
      expect(decodeState(encodeState(s) ?? '')).toEqual(s);
    expect(encodeState({ kind: 'full', address: `${'ж'.repeat(40)} §1.2` })).toBeUndefined();
    expect(decodeState('p|0|x')).toBeUndefined();
  });
});
