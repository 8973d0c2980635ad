import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_LENGTH } from '../../src/answer/question.js';
import { KnowledgeAnswerer } from '../../src/answer/knowledge-answerer.js';
import { buildKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { essayAnswerer } from '../helpers/essay.js';

describe('the answer', () => {
  it('leads with the best sentence of the top passage, verbatim', async () => {
    const answer = (await essayAnswerer()).ask('Is multilateralism required?');
    expect(answer.sentence).toBe(
      'Multilateralism is required to overcome global risks and international organizations and systems need to speed up the process of implementing reforms.”',
    );
    expect(answer.citations[0]?.text).toContain(answer.sentence ?? '-');
  });

  it('cites document, section, address, whole text, score, matched words and a band', async () => {
    const [citation] = (await essayAnswerer()).ask('What happened on the Amur River in 2019?').citations;
    expect(citation).toMatchObject({
      address: 'russia-china-relations §1.7',
      document: 'Russia–China relations',
      section: 'Characteristics of relationship',
      band: 'strong',
    });
    expect(citation?.text.startsWith('The opening of railroads')).toBe(true);
    expect(citation?.terms).toEqual(expect.arrayContaining(['Amur', 'River', '2019']));
    expect(citation?.score).toBeGreaterThan(0);
  });

  it('is deterministic', async () => {
    const answerer = await essayAnswerer();
    const a = answerer.ask('Why is the internal balance important?');
    const b = answerer.ask('Why is the internal balance important?');
    expect(a).toEqual(b);
  });

  it('pages through further citations', async () => {
    const answerer = await essayAnswerer();
    const first = answerer.ask('Russia China cooperation partnership', { perPage: 2 });
    expect(first.pages).toBeGreaterThan(1);
    const second = answerer.ask('Russia China cooperation partnership', { perPage: 2, page: 2 });
    expect(second.page).toBe(2);
    expect(second.citations[0]?.address).not.toBe(first.citations[0]?.address);
    expect(answerer.ask('Russia China cooperation partnership', { perPage: 2, page: 99 }).page).toBe(first.pages);
  });

  it('shows up to two closest mentions when the documents do not cover a question', async () => {
    const answer = (await essayAnswerer()).ask('How big is the Chinese navy fleet?');
    expect(answer.answered).toBe(false);
    expect(answer.citations.length).toBeLessThanOrEqual(2);
    expect(answer.citations.every((c) => c.band === 'weak')).toBe(true);
  });

  it('suggests corrections for misspelt words', async () => {
    const answer = (await essayAnswerer()).ask('what about sanctoins');
    expect(answer.suggestions).toEqual(['what about sanctions']);
  });
});

describe('bad questions get a short reply, never a crash', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /type a question/],
    ['whitespace', '   \n\t ', /type a question/],
    ['10,000 characters', 'why '.repeat(2500), new RegExp(`under ${MAX_QUESTION_LENGTH}`)],
    ['only stop words', 'what is the of and', /very common words/],
    ['only emoji', '🙂🙂🚀', /no words/],
    ['only punctuation', '?!?.,;', /no words/],
  ];
  it.each(cases)('%s', async (_name, question, message) => {
    const answer = (await essayAnswerer()).ask(question);
    expect(answer.answered).toBe(false);
    expect(answer.outcome).toBe('invalid');
    expect(answer.message).toMatch(message);
    expect((answer.message ?? '').length).toBeLessThan(200);
  });

  it.each(['**bold** _x_ `code` [link](http://x)', '.*+?^${}()|[]\\', '(((', 'EAEU)|(.*'])(
    'Markdown or regex characters: %s',
    async (q) => {
      const answer = (await essayAnswerer()).ask(q);
      expect(['answered', 'not_sure', 'not_covered', 'invalid']).toContain(answer.outcome);
    },
  );
});

describe('look-ups', () => {
  it('cites a passage by any typed form of its address', async () => {
    const answerer = await essayAnswerer();
    for (const typed of [
      'russia-china-relations §1.7',
      'Russia-China-Relations 1.7',
      'russia-china-relations#1.7',
      '§1.7',
      '1.7',
      'russia §1.7',
    ]) {
      const result = answerer.cite(typed);
      expect(result.found && result.citation.address).toBe('russia-china-relations §1.7');
    }
  });

  it('says clearly when an address is unknown or malformed', async () => {
    const answerer = await essayAnswerer();
    const missing = answerer.cite('russia-china-relations §9.9');
    expect(missing.found).toBe(false);
    expect(!missing.found && missing.message).toMatch(/no passage at .*\/topics/);
    const nonsense = answerer.cite('hello there');
    expect(!nonsense.found && nonsense.message).toMatch(/is not an address/);
    expect(answerer.cite('nosuchdoc §1.1').found).toBe(false);
  });

  it('lists the table of contents with addresses', async () => {
    const topics = (await essayAnswerer()).topics();
    expect(topics.documents[0]?.sections.map((s) => s.address)).toEqual([
      'russia-china-relations §1',
      'russia-china-relations §2',
      'russia-china-relations §3',
      'russia-china-relations §4',
    ]);
  });

  it('autocompletes with at most 25 suggestions of at most 100 characters', async () => {
    const answerer = await essayAnswerer();
    for (const partial of ['', 'belt', 'Eura', 'power of', 'x'.repeat(500), 'zzzz']) {
      const options = answerer.complete(partial);
      expect(options.length).toBeLessThanOrEqual(25);
      for (const o of options) expect(o.length).toBeLessThanOrEqual(100);
    }
    expect(answerer.complete('belt')).toContain('Belt and Road Initiative (BRI)');
    const addresses = answerer.completeAddress('1.');
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.length).toBeLessThanOrEqual(25);
    for (const a of addresses) expect(a.label.length).toBeLessThanOrEqual(100);
  });
});

describe('corrections only where they help', () => {
  it('never corrects a number, nor a word to its negation', async () => {
    const answerer = await essayAnswerer();
    expect(answerer.ask('What was the price of oil in 2024?').suggestions).toEqual([]);
    expect(answerer.ask('is the rapprochement reversible').suggestions.join(' ')).not.toMatch(/irreversible/i);
  });

  it('keeps a correction only when the corrected question matches better than the one typed', () => {
    const doc = [
      '## Ferries',
      'The ferry crosses the river at dawn every morning.',
      'Kazan hosts the annual festival of music in June.',
      'The bridge was closed for repairs last year.',
    ].join('\n\n');
    const answerer = new KnowledgeAnswerer(
      KnowledgeIndex.build(buildKnowledge([{ file: 'f.md', bytes: Buffer.from(doc) }])),
    );
    // A real typo: "Kazan" is what the question is about, and the corrected question finds it.
    const kept = answerer.ask('when is the Kazam music festival');
    expect(kept.suggestions).toEqual(['when is the kazan music festival']);
    expect(kept.citations[0]?.text).toMatch(/^Kazan hosts/);
    // "Kazam" is as close to "Kazan" here, but the question is about the ferry: changing it only weakens the match.
    const dropped = answerer.ask('when does the ferry from Kazam cross the river');
    expect(dropped.suggestions).toEqual([]);
    expect(dropped.citations[0]?.text).toMatch(/^The ferry/);
  });
});
