import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../../src/message/build.js';
import { MAX_CALLBACK_BYTES } from '../../../adapters/telegram/callback-data.js';
import { MAX_MESSAGE_LENGTH, renderTelegram, type TelegramMessage } from '../../../adapters/telegram/render.js';
import { answerArbitraries, hostileText } from '../../helpers/answer-arbitraries.js';
import { htmlProblem } from '../../helpers/fake-telegram.js';

/** Text hostile to Telegram HTML: tags, entities, mentions, newlines, astral characters, long runs. */
const nasty = hostileText([
  '<b>',
  '</i>',
  '<',
  '>',
  '&',
  '&amp;',
  '"',
  '@everyone',
  '@some_user',
  '\n',
  ' ',
  'word',
  'Data',
  '😀',
  '§',
]);
const { answer, topics, cite } = answerArbitraries(nasty);

function holdsLimits(m: TelegramMessage): void {
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  expect(htmlProblem(m.text)).toBeUndefined();
  // No mention can form: every @ in the text is followed by a zero-width space.
  expect(m.text).not.toMatch(/@[A-Za-z0-9_]/);
  for (const b of m.reply_markup?.inline_keyboard.flat() ?? []) {
    if ('callback_data' in b) expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
    expect(b.text.length).toBeGreaterThan(0);
  }
}

describe('Telegram rendering: no input yields a message Telegram refuses', () => {
  it('answers', () => {
    fc.assert(
      fc.property(answer, fc.string({ minLength: 1, maxLength: 12 }), (a, id) =>
        holdsLimits(renderTelegram(answerMessage(a, id))),
      ),
      {
        numRuns: 150,
      },
    );
  });
  it('passages, topics and notices', () => {
    fc.assert(
      fc.property(cite, (c) => holdsLimits(renderTelegram(citeMessage(c)))),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(topics, (t) => holdsLimits(renderTelegram(topicsMessage(t)))),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(nasty(6000), fc.array(nasty(300)), (t, lines) =>
        holdsLimits(renderTelegram(notice(t, 'info', lines))),
      ),
      {
        numRuns: 100,
      },
    );
  });
  it('holds any smaller limit too', () => {
    fc.assert(
      fc.property(answer, fc.integer({ min: 1, max: 600 }), (a, max) => {
        const m = renderTelegram(answerMessage(a, 'id'), { max });
        expect(m.text.length).toBeLessThanOrEqual(Math.max(max, 1));
        expect(htmlProblem(m.text)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});
