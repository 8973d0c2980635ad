/** fast-check arbitraries of the core's answers, passages and topics, with text hostile to any platform's markup. */
import fc from 'fast-check';
import type { Answer, Citation, CiteResult, Topics } from '../../src/answer/answer.js';

/** Text built from `hostile` pieces (markup, mentions, entities), or any string, up to `maxLength`. */
export const hostileText = (hostile: readonly string[]) => (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.array(fc.constantFrom(...hostile), { maxLength: Math.ceil(maxLength / 3) }).map((parts) => parts.join('')),
  );

/** Arbitrary citations, answers (every outcome, pages out of range), cite results and topics. */
export function answerArbitraries(text: (maxLength: number) => fc.Arbitrary<string>) {
  const citation: fc.Arbitrary<Citation> = fc.record(
    {
      address: text(200),
      document: text(300),
      url: fc.oneof(fc.webUrl(), text(100)),
      section: text(300),
      text: text(6000),
      score: fc.double({ noNaN: true }),
      terms: fc.array(fc.oneof(fc.constantFrom('word', 'Data', 'everyone'), text(20)), { maxLength: 8 }),
      band: fc.constantFrom('strong', 'partial', 'weak'),
    },
    { requiredKeys: ['address', 'document', 'section', 'text', 'score', 'terms', 'band'] },
  );
  const answer: fc.Arbitrary<Answer> = fc.record({
    question: text(400),
    answered: fc.boolean(),
    outcome: fc.constantFrom('answered', 'not_sure', 'not_covered', 'invalid'),
    message: text(1500),
    sentence: fc.option(text(4000)),
    citations: fc.array(citation, { maxLength: 12 }),
    suggestions: fc.array(text(200), { maxLength: 5 }),
    page: fc.integer({ min: -3, max: 100_000 }),
    pages: fc.integer({ min: 0, max: 100_000 }),
    version: text(80),
  });
  const topics: fc.Arbitrary<Topics> = fc.record({
    version: text(60),
    documents: fc.array(
      fc.record(
        {
          title: text(300),
          slug: text(100),
          url: fc.oneof(fc.webUrl(), text(100)),
          sections: fc.array(fc.record({ address: text(100), heading: text(300), passages: fc.nat(1000) }), {
            maxLength: 60,
          }),
        },
        { requiredKeys: ['title', 'slug', 'sections'] },
      ),
      { maxLength: 8 },
    ),
  });
  const cite: fc.Arbitrary<CiteResult> = fc.oneof(
    fc.record({ found: fc.constant(true as const), citation, version: text(60) }),
    fc.record({
      found: fc.constant(false as const),
      message: text(500),
      suggestions: fc.array(text(100), { maxLength: 8 }),
    }),
  );
  return { citation, answer, topics, cite };
}
