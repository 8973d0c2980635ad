import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../../src/answer/answer.js';
import { LIMITS, messageSize } from '../../../adapters/slack/blocks.js';
import {
  EXCERPT_CHARS,
  renderAnswer,
  renderCite,
  renderHelp,
  renderNotice,
  renderTopics,
} from '../../../adapters/slack/render.js';
import { blockText, buttonsOf } from './harness.js';

const citation = (over: Partial<Citation> = {}): Citation => ({
  address: 'doc §1.2',
  document: 'The Document',
  section: 'First section',
  text: 'Big Data and AI are reshaping research & development.',
  score: 1,
  terms: ['Data', 'AI'],
  band: 'strong',
  ...over,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  question: 'What about data?',
  answered: true,
  outcome: 'answered',
  sentence: 'Big Data and AI are reshaping research & development.',
  citations: [citation(), citation({ address: 'doc §2.1', text: 'Second passage about Data.' })],
  suggestions: [],
  page: 1,
  pages: 2,
  version: 'v123',
  ...over,
});

describe('renderAnswer', () => {
  it('puts the sentence, then each quoted excerpt and its source, then version and page, then buttons', () => {
    const { text, blocks } = renderAnswer(answer(), { answerId: 'id1' });
    expect(blocks.map((b) => b.type)).toEqual([
      'section',
      'section',
      'context',
      'section',
      'context',
      'context',
      'actions',
    ]);
    expect(text).toBe('Big Data and AI are reshaping research &amp; development.');
    expect(blockText([blocks[1]])).toBe('> Big *Data* and *AI* are reshaping research &amp; development.');
    expect(blockText([blocks[2]])).toBe('*doc §1.2* · First section · The Document');
    expect(blockText([blocks[5]])).toBe('knowledge v123 · page 1 of 2');
    expect(buttonsOf(blocks).map((b) => [b.action_id, b.text.text])).toEqual([
      ['qa_page_next', 'Next ▶'],
      ['qa_vote_up', '👍'],
      ['qa_vote_down', '👎'],
    ]);
    expect(JSON.parse(buttonsOf(blocks)[0]?.value ?? '')).toEqual({ q: 'What about data?', p: 2, id: 'id1' });
    expect(JSON.parse(buttonsOf(blocks)[1]?.value ?? '')).toEqual({ id: 'id1', v: 'up', a: 'doc §1.2' });
  });

  it('links the document when it has a url, escaping the url', () => {
    const { blocks } = renderAnswer(answer({ citations: [citation({ url: 'https://example.org/a?x=1&y=2' })] }), {
      answerId: 'id',
    });
    expect(blockText(blocks)).toContain('· <https://example.org/a?x=1&amp;y=2|The Document>');
    const odd = renderAnswer(answer({ citations: [citation({ url: 'javascript:alert(1)|<!here>' })] }), {
      answerId: 'id',
    });
    expect(blockText(odd.blocks)).toContain('· The Document');
    expect(JSON.stringify(odd)).not.toContain('<!here>');
  });

  it('shows Previous on later pages, Share in channel when asked, and the question line', () => {
    const { blocks } = renderAnswer(answer({ page: 2, pages: 2 }), { answerId: 'id', share: true, question: 'plain' });
    expect(blockText([blocks[0]])).toBe('❓ _What about data?_');
    expect(buttonsOf(blocks).map((b) => b.text.text)).toEqual(['◀ Previous', '👍', '👎', 'Share in channel']);
    const shared = renderAnswer(answer(), { answerId: 'id', question: { sharedBy: 'U123ABC' } });
    expect(blockText([shared.blocks[0]])).toBe('<@U123ABC> asked: _What about data?_');
    expect(JSON.parse(buttonsOf(shared.blocks)[0]?.value ?? '')).toMatchObject({ s: 'U123ABC' });
    const forged = renderAnswer(answer(), { answerId: 'id', question: { sharedBy: '!channel' } });
    expect(blockText([forged.blocks[0]])).toBe('Someone asked: _What about data?_');
  });

  it('cuts long excerpts and offers the full passage', () => {
    const long = 'word '.repeat(200).trim();
    const { blocks } = renderAnswer(answer({ citations: [citation({ text: long })] }), { answerId: 'id' });
    const quote = blocks[1]?.type === 'section' ? blocks[1].text.text : '';
    expect(quote.length).toBeLessThanOrEqual(EXCERPT_CHARS + 2);
    expect(quote.endsWith('…')).toBe(true);
    expect(buttonsOf([blocks[1]])).toEqual([
      expect.objectContaining({ action_id: 'qa_full_passage', value: '{"a":"doc §1.2"}' }),
    ]);
  });

  it('renders "did you mean" after the excerpts of an answer', () => {
    const { blocks } = renderAnswer(answer({ suggestions: ['What about <data>?'] }), { answerId: 'id' });
    expect(blockText(blocks)).toContain('Did you mean: _What about &lt;data&gt;?_');
  });

  it('answers "not covered" plainly, with the closest mentions and "did you mean", and no buttons', () => {
    const { text, blocks } = renderAnswer(
      answer({
        answered: false,
        outcome: 'not_covered',
        message: "The documents don't cover that.",
        sentence: null,
        suggestions: ['What about date?'],
        pages: 0,
      }),
      { answerId: 'id', share: true },
    );
    expect(text).toBe("The documents don't cover that.");
    expect(blockText(blocks)).toContain('Did you mean: _What about date?_');
    expect(blockText(blocks)).toContain('Closest mentions:');
    expect(blockText(blocks)).toContain('> Big *Data*');
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('escapes every mention a user or a document could type', () => {
    const evil = '<!channel> <!here> <!everyone> <@U123> <#C1> <https://x.io|click> & more';
    const { text, blocks } = renderAnswer(
      answer({
        question: evil,
        sentence: evil,
        suggestions: [evil],
        version: evil,
        citations: [citation({ text: evil, document: evil, section: evil, address: evil, terms: ['channel', 'more'] })],
      }),
      { answerId: 'id', share: true, question: 'plain' },
    );
    const shown = JSON.stringify({ text, blocks }, (key, value: unknown) => (key === 'value' ? undefined : value));
    expect(shown).not.toMatch(/<[!@#h]/);
    expect(blockText([blocks[1]])).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;#C1&gt; &lt;https://x.io|click&gt; &amp; more',
    );
  });

  it('keeps a message with many long citations within the limits', () => {
    const huge = '&<>'.repeat(2000);
    const message = renderAnswer(
      answer({
        sentence: huge,
        citations: Array.from({ length: 12 }, (_, i) => citation({ text: huge, address: `d §${i}` })),
      }),
      { answerId: 'id' },
    );
    expect(messageSize(message)).toBeLessThanOrEqual(LIMITS.message);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  });
});

describe('renderCite, renderTopics, renderHelp, renderNotice', () => {
  it('renders a found passage whole, with its source and the knowledge version', () => {
    const { blocks } = renderCite({ found: true, citation: citation({ terms: [] }), version: 'v9' });
    expect(blockText(blocks)).toBe(
      '> Big Data and AI are reshaping research &amp; development.\n*doc §1.2* · First section · The Document\nknowledge v9',
    );
  });

  it('renders a missing passage with the addresses near it', () => {
    const { blocks } = renderCite({
      found: false,
      message: 'No passage at "x<y".',
      suggestions: ['doc §1.1', 'doc §1.2'],
    });
    expect(blockText(blocks)).toBe('No passage at "x&lt;y".\nTry: `doc §1.1`, `doc §1.2`');
  });

  it('renders the table of contents with links and addresses, cut to fit', () => {
    const { blocks } = renderTopics({
      version: 'v1',
      documents: [
        {
          title: 'A & B',
          slug: 'a-b',
          url: 'https://example.org/ab',
          sections: [{ address: 'a-b §1', heading: 'Intro <1>', passages: 3 }],
        },
      ],
    });
    expect(blockText(blocks)).toContain('*<https://example.org/ab|A &amp; B>* (`a-b`)\n• `a-b §1` Intro &lt;1&gt; (3)');
    const many = renderTopics({
      version: 'v1',
      documents: Array.from({ length: 80 }, (_, d) => ({
        title: `Doc ${d}`,
        slug: `doc-${d}`,
        sections: Array.from({ length: 30 }, (_, s) => ({
          address: `doc-${d} §${s}`,
          heading: 'x'.repeat(100),
          passages: 1,
        })),
      })),
    });
    expect(many.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(messageSize(many)).toBeLessThanOrEqual(LIMITS.message);
    expect(blockText(many.blocks)).toMatch(/…and \d+ more lines/);
  });

  it('renders help and notices as escaped mrkdwn', () => {
    expect(blockText(renderHelp().blocks)).toContain('`/ask &lt;question&gt;`');
    expect(renderNotice('a <b> & c')).toEqual({
      text: 'a &lt;b&gt; &amp; c',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a &lt;b&gt; &amp; c' } }],
    });
  });
});
