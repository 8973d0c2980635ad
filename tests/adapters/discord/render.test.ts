import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Answerer, Citation, CiteResult, Topics } from '../../../src/answer/answer.js';
import { answerMessage, citeMessage, notice, topicsMessage } from '../../../src/message/build.js';
import { STRINGS } from '../../../src/message/strings.js';
import { DISCORD_LIMITS } from '../../../adapters/discord/limits.js';
import { limitProblems } from '../../helpers/discord-limits.js';
import { renderChoices } from '../../../adapters/discord/render-reference.js';
import { previewSvg } from '../../../scripts/discord-picture.js';
import { questionOf, renderDiscord, type DiscordView } from '../../../adapters/discord/render.js';
import { customIds, knowledgeAnswerer, type MessageBody } from './support.js';

let answerer: Answerer;
beforeAll(async () => {
  answerer = await knowledgeAnswerer();
});

const citation = (over: Partial<Citation> = {}): Citation => ({
  address: 'doc §1.2',
  document: 'A document',
  section: 'A section',
  text: 'Plain text about APEC.',
  score: 1,
  terms: ['APEC'],
  band: 'strong',
  ...over,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  question: 'What is APEC?',
  answered: true,
  outcome: 'answered',
  sentence: 'APEC is a forum.',
  citations: [citation()],
  suggestions: [],
  page: 1,
  pages: 1,
  version: 'v1',
  ...over,
});

/** An answer of the core, through the model, as Discord shows it (privately unless said otherwise). */
const render = (a: Answer, view: DiscordView = { ephemeral: true }): MessageBody =>
  renderDiscord(answerMessage(a, 'AbCd_-12'), view) as MessageBody;

describe('an answer on Discord', () => {
  it('shows the question, the answer sentence, each quote with bold terms, its address, section and document', () => {
    const message = render(answerer.ask('What is APEC?'));
    const embed = message.embeds?.[0];
    expect(embed?.title).toBe('What is APEC?');
    expect(embed?.description).toMatch(/^Improving the bilateral partnership/);
    expect(embed?.fields?.[0]?.name).toBe('`russia-china-relations §1.6`');
    expect(embed?.fields?.[0]?.value).toMatch(
      /^> Improving .*\(\*\*APEC\*\*\).*formats\.\n— Characteristics of relationship · Russia–China relations$/,
    );
    expect(embed?.footer?.text).toBe(STRINGS.knowledge(answerer.version));
    expect(message.flags).toBe(64);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(customIds(message)).toEqual([
      'a1:up:AbCd_-12:russia-china-relations §1.6',
      'a1:down:AbCd_-12:russia-china-relations §1.6',
      'a1:post:1:AbCd_-12',
      'a1:full:russia-china-relations §1.6',
    ]);
    expect(message.components?.flatMap((r) => r.components.map((b) => b.label))).toEqual([
      STRINGS.button.up,
      STRINGS.button.down,
      STRINGS.button.share,
      STRINGS.button.full('§1.6'),
    ]);
    expect(questionOf(message)).toBe('What is APEC?');
  });

  it('pages: ◀ is disabled on the first page, ▶ on the last', () => {
    const first = render(answerer.ask('cooperation'));
    expect(first.embeds?.[0]?.footer?.text).toBe(`${STRINGS.page(1, 3)} · ${STRINGS.knowledge(answerer.version)}`);
    expect(first.components?.[0]?.components.slice(0, 2)).toMatchObject([
      { label: '◀', custom_id: 'a1:p:0:AbCd_-12', disabled: true },
      { label: '▶', custom_id: 'a1:p:2:AbCd_-12' },
    ]);
    const last = render(answerer.ask('cooperation', { page: 3 }));
    expect(last.components?.[0]?.components.slice(0, 2)).toMatchObject([
      { label: '◀', custom_id: 'a1:p:2:AbCd_-12' },
      { label: '▶', disabled: true },
    ]);
  });

  it('has no "Share" (post to channel) button and no ephemeral flag when public, posted or not postable', () => {
    const message = render(answer(), { ephemeral: false });
    expect(message.flags).toBeUndefined();
    expect(customIds(message).some((id) => id.startsWith('a1:post'))).toBe(false);
    for (const view of [{ posted: true }, { postable: false }]) {
      const mine = render(answer(), { ephemeral: true, ...view });
      expect(mine.flags).toBe(64);
      expect(customIds(mine).some((id) => id.startsWith('a1:post'))).toBe(false);
    }
  });

  it('shows a note above the answer when asked to', () => {
    expect(render(answer(), { note: STRINGS.cannotPost }).content).toBe(STRINGS.cannotPost);
  });

  it('links the document when it has a url, and only http(s) urls', () => {
    const linked = render(answer({ citations: [citation({ url: 'https://example.org/doc (1)' })] }));
    expect(linked.embeds?.[0]?.fields?.[0]?.value).toContain('[A document](https://example.org/doc%20%281%29)');
    const script = render(answer({ citations: [citation({ url: 'javascript:alert(1)' })] }));
    expect(script.embeds?.[0]?.fields?.[0]?.value).toMatch(/· A document$/);
  });

  it('escapes Discord markdown in document text but keeps the bold of matched words', () => {
    const text = 'Use *stars*, __under__, ~~strike~~, ||spoiler||, `code` and [a](https://x.y) for APEC.';
    const value = render(answer({ citations: [citation({ text })] })).embeds?.[0]?.fields?.[0]?.value;
    expect(value).toContain('\\*stars\\*');
    expect(value).toContain('\\_\\_under\\_\\_');
    expect(value).toContain('\\~\\~strike\\~\\~');
    expect(value).toContain('\\|\\|spoiler\\|\\|');
    expect(value).toContain('\\`code\\`');
    expect(value).toContain('**APEC**');
  });

  it('uses a full-at button when an address is too long for a custom_id, and never repeats a custom_id', () => {
    const long = `${'x'.repeat(120)} §1.1`;
    const message = render(
      answer({
        citations: [citation({ address: long }), citation({ address: 'same' }), citation({ address: 'same' })],
      }),
    );
    const full = customIds(message).filter((id) => id.startsWith('a1:f'));
    expect(full).toEqual(['a1:fi:1:0', 'a1:full:same', 'a1:fi:1:2']);
    expect(customIds(message).every((id) => id.length <= 100)).toBe(true);
  });

  it('says plainly when the documents do not cover the question, and shows possibly related passages when not sure', () => {
    const plain = render(answerer.ask('what about the moon landing of russia'));
    // "Not covered" never stands above a passage that might answer after all.
    expect(plain.embeds).toEqual([
      { color: expect.any(Number), title: 'what about the moon landing of russia', description: STRINGS.notCovered },
    ]);
    expect(plain.components).toBeUndefined();
    const close = answerer.ask('What is APEC?').citations.slice(0, 1);
    const unsure = render(answer({ answered: false, outcome: 'not_sure', citations: close }));
    expect(unsure.embeds?.[0]?.description).toBe(STRINGS.notSure);
    expect(unsure.embeds?.[0]?.fields?.[0]?.name).toMatch(/^`russia-china-relations §\d+\.\d+`$/);
    expect(unsure.embeds?.[0]?.fields?.[0]?.value).toMatch(/^> .*\n— [A-Z]/);
    expect(customIds(unsure).some((id) => id.startsWith('a1:post') || id.startsWith('a1:p:'))).toBe(false);
    const suggested = render(
      answer({
        answered: false,
        outcome: 'not_covered',
        citations: [],
        suggestions: ['What is apec?'],
        message: 'Nope.',
      }),
    );
    expect(suggested.embeds?.[0]?.description).toBe(`Nope.\n\n${STRINGS.didYouMean('What is apec?')}`);
  });
});

describe('passages, topics, choices and notices on Discord', () => {
  it('shows a whole passage by its address, or what to try', () => {
    const found = renderDiscord(citeMessage(answerer.cite('russia-china-relations §2.1'))) as MessageBody;
    expect(found.embeds?.[0]?.title).toBe('russia-china-relations §2.1');
    expect(found.embeds?.[0]?.description).toMatch(
      /^> Although .* irreversible level\.\n— Confrontation on the world scene/,
    );
    expect(found.embeds?.[0]?.footer?.text).toBe(STRINGS.knowledge(answerer.version));
    const missing = renderDiscord(citeMessage(answerer.cite('§9.1')));
    expect(missing.content).toMatch(/There is no passage at "§9\.1"[^]*\nTry: russia-china-relations §1\.1/);
    expect(missing.flags).toBe(64);
  });

  it('lists documents and sections with their addresses', () => {
    const embed = renderDiscord(topicsMessage(answerer.topics())).embeds?.[0];
    expect(embed?.title).toBe(STRINGS.topicsTitle);
    const field = embed?.fields?.[0];
    expect(field?.name).toBe('Russia–China relations');
    expect(field?.value.split('\n').slice(0, 2)).toEqual([
      '`russia-china-relations`',
      '`russia-china-relations §1` Characteristics of relationship · 7 passages',
    ]);
    expect(embed?.footer?.text).toBe(`${STRINGS.knowledge(answerer.version)} · ${STRINGS.citeHint}`);
  });

  it('gives at most 25 autocomplete choices of at most 100 characters, leaving out values that are too long', () => {
    const choices = renderChoices([
      { name: 'a'.repeat(300), value: 'a' },
      { name: 'dup', value: 'a' },
      { name: 'too long', value: 'b'.repeat(101) },
      ...Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })),
    ]);
    expect(choices).toHaveLength(25);
    expect(choices[0]?.name).toHaveLength(100);
    expect(choices.map((c) => c.value)).not.toContain('b'.repeat(101));
  });

  it('draws a preview picture of an answer (docs/discord-answer.png)', () => {
    const svg = previewSvg(render(answerer.ask('What is APEC?')) as never, { botName: 'A & B', command: '/ask' });
    expect(svg).toMatch(/^<svg [^>]*width="820"/);
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('>APEC</tspan>');
    expect(svg).toContain('Only you can see this');
  });

  it('keeps notices within 2000 characters and ephemeral, with their lines', () => {
    const message = renderDiscord(notice('x '.repeat(3000)));
    expect(message.content?.length).toBeLessThanOrEqual(2000);
    expect(message.flags).toBe(64);
    expect(renderDiscord(notice(STRINGS.helpTitle, 'info', ['a', 'b'])).content).toBe(`${STRINGS.helpTitle}\na\nb`);
  });
});

// ---------------------------------------------------------------- property tests

const pieces = fc.constantFrom(
  'APEC',
  'Russia',
  ' ',
  '  ',
  '\n',
  '*',
  '**',
  '_',
  '__',
  '~~',
  '||',
  '`',
  '```',
  '\\',
  '>',
  '# ',
  '- ',
  '1. ',
  '[a](https://x.y)',
  '@everyone',
  '<@123>',
  '<@&456>',
  '😀',
  'é',
  '\uD83D',
);
const word = fc.oneof(
  pieces,
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const text = (maxWords: number): fc.Arbitrary<string> =>
  fc.array(word, { maxLength: maxWords }).map((words) => words.join(''));
const longText = fc.oneof(text(40), text(600), fc.string({ unit: 'grapheme', minLength: 900, maxLength: 7000 }));

const arbCitation: fc.Arbitrary<Citation> = fc.record(
  {
    address: fc.oneof(fc.constant('russia-china-relations §1.6'), text(10), fc.string({ maxLength: 300 })),
    document: fc.oneof(text(8), fc.string({ maxLength: 400 })),
    url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 600 }), fc.constant('https://example.org/a_(b)*c')),
    section: fc.oneof(text(8), fc.string({ maxLength: 400 })),
    text: longText,
    score: fc.double(),
    terms: fc.array(fc.oneof(pieces, word), { maxLength: 8 }),
    band: fc.constantFrom('strong', 'partial', 'weak'),
  },
  { requiredKeys: ['address', 'document', 'section', 'text', 'score', 'terms', 'band'] },
) as fc.Arbitrary<Citation>;

const arbAnswer: fc.Arbitrary<Answer> = fc.record(
  {
    question: fc.oneof(text(30), fc.string({ maxLength: 600 })),
    answered: fc.boolean(),
    outcome: fc.constantFrom('answered', 'not_sure', 'not_covered', 'invalid'),
    message: fc.oneof(text(30), fc.string({ maxLength: 3000 })),
    sentence: fc.option(longText),
    citations: fc.array(arbCitation, { maxLength: 8 }),
    suggestions: fc.array(fc.oneof(text(10), fc.string({ maxLength: 400 })), { maxLength: 4 }),
    page: fc.oneof(fc.integer({ min: -3, max: 12 }), fc.integer(), fc.constant(Number.NaN)),
    pages: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer()),
    version: fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 12 }),
      fc.string({ maxLength: 300 }),
    ),
  },
  {
    requiredKeys: [
      'question',
      'answered',
      'outcome',
      'sentence',
      'citations',
      'suggestions',
      'page',
      'pages',
      'version',
    ],
  },
) as fc.Arbitrary<Answer>;

const arbView: fc.Arbitrary<DiscordView> = fc.record(
  { posted: fc.boolean(), postable: fc.boolean(), note: fc.oneof(text(30), fc.string({ maxLength: 3000 })) },
  { requiredKeys: [] },
);

describe('every Discord limit holds for any input (property)', () => {
  it('answers', () => {
    fc.assert(
      fc.property(arbAnswer, fc.string({ maxLength: 40 }), fc.boolean(), arbView, (a, answerId, ephemeral, view) => {
        const message = renderDiscord(answerMessage(a, answerId), { ephemeral, ...view });
        expect(limitProblems(message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('citations, topics, notices and choices', () => {
    const cite: fc.Arbitrary<CiteResult> = fc.oneof(
      fc.record({ found: fc.constant(true as const), citation: arbCitation, version: fc.string({ maxLength: 300 }) }),
      fc.record({
        found: fc.constant(false as const),
        message: fc.string({ maxLength: 5000 }),
        suggestions: fc.array(fc.string({ maxLength: 300 }), { maxLength: 30 }),
      }),
    );
    const topics: fc.Arbitrary<Topics> = fc.record({
      version: fc.string({ maxLength: 300 }),
      documents: fc.array(
        fc.record(
          {
            title: fc.oneof(text(8), fc.string({ maxLength: 400 })),
            slug: fc.string({ maxLength: 200 }),
            url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 400 })),
            sections: fc.array(
              fc.record({ address: fc.string({ maxLength: 200 }), heading: text(20), passages: fc.nat() }),
              { maxLength: 60 },
            ),
          },
          { requiredKeys: ['title', 'slug', 'sections'] },
        ),
        { maxLength: 40 },
      ),
    }) as fc.Arbitrary<Topics>;
    fc.assert(
      fc.property(cite, topics, fc.string({ maxLength: 5000 }), fc.array(text(40)), (c, t, n, lines) => {
        expect(limitProblems(renderDiscord(citeMessage(c)))).toEqual([]);
        expect(limitProblems(renderDiscord(topicsMessage(t)))).toEqual([]);
        expect(limitProblems(renderDiscord(notice(n, 'info', lines)))).toEqual([]);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.string({ maxLength: 300 }), value: fc.string({ maxLength: 150 }) })),
        (items) => {
          const choices = renderChoices(items);
          expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.choices);
          for (const c of choices) {
            expect(c.name.trim().length).toBeGreaterThan(0);
            expect(c.name.length).toBeLessThanOrEqual(100);
            expect(c.value.length).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });

  it('answers over the shipped knowledge, for many questions and pages', () => {
    const questions = ['What is APEC?', 'cooperation', 'Russia', 'trade war sanctions', 'moon landing', '@everyone hi'];
    for (const q of questions)
      for (const page of [1, 2, 3])
        for (const ephemeral of [true, false]) {
          const message = renderDiscord(answerMessage(answerer.ask(q, { page }), 'AbCdEfGh'), { ephemeral });
          expect(limitProblems(message)).toEqual([]);
        }
  });
});
