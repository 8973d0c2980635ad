import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../../src/answer/answer.js';
import { LIMITS, messageSize } from '../../../adapters/slack/blocks.js';
import { EXCERPT_CHARS, renderSlack, type SlackView } from '../../../adapters/slack/render.js';
import { slackHelp } from '../../../adapters/slack/reply.js';
import type { CiteResult, Topics } from '../../../src/answer/answer.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../../src/message/build.js';
import { STRINGS } from '../../../src/message/strings.js';
import { blockText, buttonsOf } from './harness.js';

const renderAnswer = (a: Answer, view: SlackView & { answerId: string }) =>
  renderSlack(answerMessage(a, view.answerId), view);
const renderCite = (c: CiteResult) => renderSlack(citeMessage(c));
const renderTopics = (t: Topics) => renderSlack(topicsMessage(t));

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

describe('renderSlack: answers', () => {
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
    const quote = blocks[1]?.type === 'section' ? blocks[1].text.text : '';
    expect(quote).toBe('> Big *Data* and *AI* are reshaping research &amp; development.');
    expect(blockText([blocks[2]])).toBe('*doc §1.2* · First section · The Document');
    expect(blockText([blocks[5]])).toBe(`${STRINGS.page(1, 2)} · ${STRINGS.knowledge('v123')}`);
    expect(buttonsOf(blocks).map((b) => [b.action_id, b.text.text])).toEqual([
      ['qa_full_passage', STRINGS.button.full('§1.2')],
      ['qa_full_passage', STRINGS.button.full('§2.1')],
      ['qa_page_next', STRINGS.button.next],
      ['qa_vote_up', STRINGS.button.up],
      ['qa_vote_down', STRINGS.button.down],
    ]);
    const values = buttonsOf(blocks).map((b) => JSON.parse(b.value) as unknown);
    expect(values).toEqual([
      { a: 'doc §1.2' },
      { a: 'doc §2.1' },
      { q: 'What about data?', p: 2, id: 'id1' },
      { id: 'id1', v: 'up', a: 'doc §1.2' },
      { id: 'id1', v: 'down', a: 'doc §1.2' },
    ]);
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
    expect(buttonsOf(blocks).map((b) => b.text.text)).toEqual([
      STRINGS.button.full('§1.2'),
      STRINGS.button.full('§2.1'),
      STRINGS.button.previous,
      STRINGS.button.up,
      STRINGS.button.down,
      STRINGS.button.share,
    ]);
    expect(JSON.parse(buttonsOf(blocks).at(-1)?.value ?? '')).toEqual({ q: 'What about data?', p: 2, id: 'id' });
    const shared = renderAnswer(answer(), { answerId: 'id', question: { sharedBy: 'U123ABC' } });
    expect(blockText([shared.blocks[0]])).toBe(`${STRINGS.askedBy('<@U123ABC>')} _What about data?_`);
    const next = buttonsOf(shared.blocks).find((b) => b.action_id === 'qa_page_next');
    expect(JSON.parse(next?.value ?? '')).toMatchObject({ s: 'U123ABC' });
    expect(buttonsOf(shared.blocks).map((b) => b.action_id)).not.toContain('qa_share');
    const forged = renderAnswer(answer(), { answerId: 'id', question: { sharedBy: '!channel' } });
    expect(blockText([forged.blocks[0]])).toBe('❓ _What about data?_');
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
    const whole = renderSlack(citeMessage({ found: true, citation: citation({ text: long }), version: 'v' }));
    expect(blockText([whole.blocks[0]])).toBe(`> ${long}`);
  });

  it('renders "did you mean" after the excerpts of an answer', () => {
    const { blocks } = renderAnswer(answer({ suggestions: ['What about <data>?'] }), { answerId: 'id' });
    expect(blockText(blocks)).toContain(STRINGS.didYouMean('What about &lt;data&gt;?'));
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
    expect(blockText(blocks)).toContain(STRINGS.didYouMean('What about date?'));
    expect(blockText(blocks)).toContain(STRINGS.closestMentions);
    expect(buttonsOf(blocks)).toEqual([]);
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

describe('renderSlack: passages, topics, help and notices', () => {
  it('renders a found passage whole, with its source and the knowledge version', () => {
    const { blocks } = renderCite({ found: true, citation: citation({ terms: [] }), version: 'v9' });
    expect(blockText(blocks)).toBe(
      `> Big Data and AI are reshaping research &amp; development.\n*doc §1.2* · First section · The Document\n${STRINGS.knowledge('v9')}`,
    );
  });

  it('renders a missing passage with the addresses near it', () => {
    const { blocks } = renderCite({
      found: false,
      message: 'No passage at "x<y".',
      suggestions: ['doc §1.1', 'doc §1.2'],
    });
    expect(blockText(blocks)).toBe(`No passage at "x&lt;y".\n${STRINGS.tryAddresses(['doc §1.1', 'doc §1.2'])}`);
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
    expect(blockText(blocks)).toContain(
      `*<https://example.org/ab|A &amp; B>* (\`a-b\`)\n• \`a-b §1\` Intro &lt;1&gt; · ${STRINGS.passages(3)}`,
    );
    expect(blockText(blocks)).toMatch(new RegExp(`^\\*${STRINGS.topicsTitle}\\*\n`));
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
    const more = /…and (\d+) more/.exec(blockText(many.blocks));
    expect(Number(more?.[1])).toBeGreaterThan(2000);
    expect(blockText(many.blocks)).toContain(STRINGS.moreSections(Number(more?.[1])));
  });

  it('renders help and notices as escaped mrkdwn', () => {
    expect(blockText(renderSlack(slackHelp('/ask')).blocks)).toContain(`/ask &lt;question&gt;: ${STRINGS.help.ask}`);
    expect(renderSlack(notice('a <b> & c'))).toEqual({
      text: 'a &lt;b&gt; &amp; c',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a &lt;b&gt; &amp; c' } }],
    });
  });
});
