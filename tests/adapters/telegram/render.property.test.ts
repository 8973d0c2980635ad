import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Citation, CiteResult, Topics } from '../../../src/answer/answer.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../../src/message/build.js';
import { MAX_CALLBACK_BYTES } from '../../../adapters/telegram/callback-data.js';
import { MAX_MESSAGE_LENGTH, renderTelegram, type TelegramMessage } from '../../../adapters/telegram/render.js';
import { htmlProblem } from '../../helpers/fake-telegram.js';

/** Text hostile to Telegram HTML: tags, entities, mentions, newlines, astral characters, long runs. */
const nasty = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc
      .array(
        fc.constantFrom(
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
        ),
        {
          maxLength: Math.ceil(maxLength / 3),
        },
      )
      .map((parts) => parts.join('')),
  );

const citation: fc.Arbitrary<Citation> = fc.record(
  {
    address: nasty(200),
    document: nasty(300),
    url: fc.oneof(fc.webUrl(), nasty(100)),
    section: nasty(300),
    text: nasty(6000),
    score: fc.double({ noNaN: true }),
    terms: fc.array(fc.oneof(fc.constantFrom('word', 'Data', 'everyone'), nasty(20)), { maxLength: 8 }),
    band: fc.constantFrom('strong', 'partial', 'weak'),
  },
  { requiredKeys: ['address', 'document', 'section', 'text', 'score', 'terms', 'band'] },
);

const answer: fc.Arbitrary<Answer> = fc.record({
  question: nasty(400),
  answered: fc.boolean(),
  outcome: fc.constantFrom('answered', 'not_covered', 'invalid', 'not_sure' as 'answered'),
  message: nasty(1500),
  sentence: fc.option(nasty(4000)),
  citations: fc.array(citation, { maxLength: 12 }),
  suggestions: fc.array(nasty(200), { maxLength: 5 }),
  page: fc.integer({ min: -3, max: 100_000 }),
  pages: fc.integer({ min: 0, max: 100_000 }),
  version: nasty(80),
});

const topics: fc.Arbitrary<Topics> = fc.record({
  version: nasty(60),
  documents: fc.array(
    fc.record({
      title: nasty(300),
      slug: nasty(100),
      sections: fc.array(fc.record({ address: nasty(100), heading: nasty(300), passages: fc.nat(1000) }), {
        maxLength: 60,
      }),
    }),
    { maxLength: 8 },
  ),
});

const cite: fc.Arbitrary<CiteResult> = fc.oneof(
  fc.record({ found: fc.constant(true as const), citation, version: nasty(60) }),
  fc.record({
    found: fc.constant(false as const),
    message: nasty(500),
    suggestions: fc.array(nasty(100), { maxLength: 8 }),
  }),
);

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
        const m = renderTelegram(answerMessage(a, 'id'), max);
        expect(m.text.length).toBeLessThanOrEqual(Math.max(max, 1));
        expect(htmlProblem(m.text)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});
