import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, messageSize, type SlackMessage } from '../../../adapters/slack/blocks.js';
import { MAX_BUTTON_VALUE, decodePageValue } from '../../../adapters/slack/buttons.js';
import { renderHome } from '../../../adapters/slack/home.js';
import { renderSlack } from '../../../adapters/slack/render.js';
import { slackHelp } from '../../../adapters/slack/reply.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../../src/message/build.js';
import { answerArbitraries, hostileText } from '../../helpers/answer-arbitraries.js';

/** Text that is hostile to Slack: mentions, markup, entities, long runs, newlines and astral characters. */
const nasty = hostileText([
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
  '"',
  '\\',
  '\n',
  '\u0000',
  ' ',
  'word',
  'Data',
  '😀',
  '&amp;',
  '|',
  '§',
]);
const { answer, cite, topics } = answerArbitraries(nasty);

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
      expect(b.text.text.trim().length).toBeGreaterThan(0);
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
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom<'plain' | { sharedBy: string } | undefined>('plain', { sharedBy: 'U123ABC' }, undefined),
        (a, id, question) => {
          const model = answerMessage(a, id);
          const message = renderSlack(model, { share: true, ...(question === undefined ? {} : { question }) });
          check(message);
          for (const block of message.blocks) {
            if (block.type !== 'actions') continue;
            for (const b of block.elements) {
              if (b.action_id.startsWith('qa_page_') || b.action_id === 'qa_share') {
                expect(decodePageValue(b.value)?.q).toBe('question' in model ? model.question : undefined);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keep every cited passage, table of contents, notice and Home tab within limits, escaped', () => {
    fc.assert(
      fc.property(cite, (c) => check(renderSlack(citeMessage(c)))),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(topics, (t) => check(renderSlack(topicsMessage(t)))),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(nasty(6000), fc.array(nasty(300)), (t, lines) => check(renderSlack(notice(t, 'info', lines)))),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(nasty(40), topics, (command, t) => {
        const home = renderHome(slackHelp(command), topicsMessage(t));
        expect(home.blocks.length).toBeLessThanOrEqual(100);
        expect(JSON.stringify(home).length).toBeLessThan(2 * 12_000);
        expect(JSON.stringify(home)).not.toMatch(/<[!@#]/);
      }),
      { numRuns: 50 },
    );
  });
});
