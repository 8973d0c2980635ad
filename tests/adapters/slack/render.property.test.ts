import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Citation, CiteResult, Topics } from '../../../src/answer/answer.js';
import { LIMITS, messageSize, type SlackMessage } from '../../../adapters/slack/blocks.js';
import { MAX_BUTTON_VALUE, decodePageValue } from '../../../adapters/slack/buttons.js';
import { renderAnswer, renderCite, renderTopics } from '../../../adapters/slack/render.js';

/** Text that is hostile to Slack: mentions, markup, entities, long runs, newlines and astral characters. */
const nasty = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc
      .array(
        fc.constantFrom(
          '<!channel>',
          '<!here>',
          '<!everyone>',
          '<@U123>',
          '<#C1|x>',
          '&',
          '<',
          '>',
          '*',
          '_',
          '\n',
          ' ',
          'word',
          'Data',
          '😀',
          '&amp;',
          '|',
        ),
        { maxLength: Math.ceil(maxLength / 3) },
      )
      .map((parts) => parts.join('')),
  );

const citation: fc.Arbitrary<Citation> = fc.record(
  {
    address: nasty(200),
    document: nasty(300),
    url: fc.oneof(fc.webUrl(), nasty(100)),
    section: nasty(300),
    text: nasty(5000),
    score: fc.double({ noNaN: true }),
    terms: fc.array(fc.oneof(fc.constantFrom('word', 'Data', 'channel', 'here'), nasty(20)), { maxLength: 8 }),
    band: fc.constantFrom('strong', 'partial', 'weak'),
  },
  { requiredKeys: ['address', 'document', 'section', 'text', 'score', 'terms', 'band'] },
);

const answer: fc.Arbitrary<Answer> = fc
  .record({
    question: nasty(400),
    answered: fc.boolean(),
    message: nasty(1500),
    sentence: fc.option(nasty(4000)),
    citations: fc.array(citation, { maxLength: 12 }),
    suggestions: fc.array(nasty(200), { maxLength: 5 }),
    page: fc.integer({ min: 1, max: 20 }),
    pages: fc.integer({ min: 0, max: 20 }),
    version: nasty(60),
  })
  .map((a) => ({ ...a, outcome: a.answered ? ('answered' as const) : ('not_covered' as const) }));

/** Everything Slack would reject, or that would let text from outside become markup. */
function check(message: SlackMessage): void {
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  expect(messageSize(message)).toBeLessThanOrEqual(LIMITS.message);
  expect(JSON.stringify(message).length).toBeLessThan(12_000);
  expect(message.text.trim().length).toBeGreaterThan(0);
  for (const block of message.blocks) {
    const texts =
      block.type === 'section' ? [block.text.text] : block.type === 'context' ? block.elements.map((e) => e.text) : [];
    for (const text of texts) {
      expect(text.trim().length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      // The only `<` and `>` left: the quote marker, our own links to http(s) URLs, and the Slack user id of the
      // sharer, which the adapter put there itself.
      const bare = text
        .replace(/^>/, '')
        .replace(/<https?:\/\/[^\s<>|]+\|[^<>]*>/g, '')
        .replace(/^<@U123ABC> asked:/, '');
      expect(bare).not.toMatch(/[<>]/);
    }
    const buttons =
      block.type === 'actions' ? block.elements : block.type === 'section' && block.accessory ? [block.accessory] : [];
    const ids = buttons.map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const b of buttons) {
      expect(b.value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
      expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
    }
  }
  // Button values are never shown; everything else is.
  const shown = JSON.stringify(message, (key, value: unknown) => (key === 'value' ? undefined : value));
  expect(shown).not.toMatch(/<[!@#](?!U123ABC>)/);
}

describe('Slack renderers, on arbitrary input', () => {
  it('keep every answer within Block Kit limits, escaped, with buttons that decode', () => {
    fc.assert(
      fc.property(
        answer,
        fc.constantFrom<'plain' | { sharedBy: string } | undefined>('plain', { sharedBy: 'U123ABC' }, undefined),
        (a, question) => {
          const message = renderAnswer(a, {
            answerId: 'abc',
            share: true,
            ...(question === undefined ? {} : { question }),
          });
          check(message);
          for (const block of message.blocks) {
            if (block.type !== 'actions') continue;
            for (const b of block.elements) {
              if (b.action_id.startsWith('qa_page_') || b.action_id === 'qa_share') {
                expect(decodePageValue(b.value)?.q).toBe(a.question);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keep every cited passage and table of contents within limits, escaped', () => {
    const cite: fc.Arbitrary<CiteResult> = fc.oneof(
      fc.record({ found: fc.constant(true as const), citation, version: nasty(60) }),
      fc.record({
        found: fc.constant(false as const),
        message: nasty(3000),
        suggestions: fc.array(nasty(200), { maxLength: 20 }),
      }),
    );
    const topics: fc.Arbitrary<Topics> = fc.record({
      version: nasty(60),
      documents: fc.array(
        fc.record(
          {
            title: nasty(300),
            slug: nasty(100),
            url: fc.webUrl(),
            sections: fc.array(fc.record({ address: nasty(100), heading: nasty(300), passages: fc.nat() }), {
              maxLength: 40,
            }),
          },
          { requiredKeys: ['title', 'slug', 'sections'] },
        ),
        { maxLength: 30 },
      ),
    });
    fc.assert(
      fc.property(cite, (c) => check(renderCite(c))),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(topics, (t) => check(renderTopics(t))),
      { numRuns: 100 },
    );
  });
});
