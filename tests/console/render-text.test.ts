import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSI, PLAIN, renderText } from '../../adapters/console/render-text.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../src/message/build.js';
import type { Message } from '../../src/message/model.js';
import { STRINGS } from '../../src/message/strings.js';
import { answerArbitraries, hostileText } from '../helpers/answer-arbitraries.js';
import { essayAnswerer } from '../helpers/essay.js';

/** Text hostile to a terminal: escape sequences, control characters, line breaks. */
const nasty = hostileText([
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\r',
  '\n',
  '\t',
  '\u0085',
  '\u2028',
  'word',
  '§',
  '😀',
]);
const { answer, topics, cite } = answerArbitraries(nasty);

/** No control character but the line feed: nothing a document or a question holds can drive the terminal. */
function holdsToText(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
}

describe('terminal rendering', () => {
  it('renders an answer as the README shows it: the answer, the quoted passage with its source, the knowledge version', async () => {
    const answerer = await essayAnswerer();
    const text = renderText(
      answerMessage(answerer.ask('What is the specific feature of Russia–China cooperation?'), 'AbCdEfGh'),
    );
    expect(text.split('\n')).toEqual([
      'The specific feature of Russia–China cooperation is related to the coordination of national development strategies and ensuring mutual security.',
      '',
      '> The specific feature of Russia–China cooperation is related to the coordination of national development strategies and ensuring mutual security.',
      '  — russia-china-relations §1.4 · Characteristics of relationship · Russia–China relations (strong)',
      '',
      `knowledge ${answerer.version}`,
    ]);
  });

  it('marks matched words with the style, and only them', async () => {
    const answerer = await essayAnswerer();
    const message = answerMessage(answerer.ask('What is APEC?'), 'AbCdEfGh');
    expect(renderText(message, ANSI)).toContain('\u001b[1mAPEC\u001b[22m');
    expect(renderText(message, PLAIN)).not.toContain('\u001b');
  });

  it('says only what the model says: notices, cited passages and topics', async () => {
    const answerer = await essayAnswerer();
    expect(renderText(notice(STRINGS.askFirst))).toBe(STRINGS.askFirst);
    const missing = citeMessage(answerer.cite('nothing §9'));
    expect(renderText(missing)).toBe(missing.kind === 'notice' ? [missing.text, ...missing.lines].join('\n') : '');
    expect(renderText(citeMessage(answerer.cite('§1.4')))).not.toMatch(/\((strong|partial|weak)\)/);
    const contents = renderText(topicsMessage(answerer.topics()));
    expect(contents.split('\n')[0]).toBe(STRINGS.topicsTitle);
    expect(contents).toContain(`  russia-china-relations §1  Characteristics of relationship (${STRINGS.passages(7)})`);
  });

  it('lets no control character of a document or a question through, whatever the input', () => {
    const check = (m: Message): void => holdsToText(renderText(m));
    fc.assert(
      fc.property(answer, (a) => check(answerMessage(a, 'AbCdEfGh'))),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(cite, (c) => check(citeMessage(c))),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(topics, (t) => check(topicsMessage(t))),
      { numRuns: 100 },
    );
  });
});
