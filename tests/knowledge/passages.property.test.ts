import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKnowledge } from '../../src/knowledge/load-knowledge.js';
import { MAX_PASSAGE_WORDS } from '../../src/knowledge/split-passage.js';

const word = fc.stringMatching(/^[A-Za-z][a-z0-9]{0,9}$/);
const sentence = fc.array(word, { minLength: 1, maxLength: 40 }).map((ws) => `${ws.join(' ')}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 12 }).map((ss) => ss.join(' '));

function load(file: string, text: string) {
  const knowledge = buildKnowledge([{ file, bytes: Buffer.from(text) }]);
  const document = knowledge.documents[0];
  if (document === undefined) throw new Error(knowledge.problems[0]?.message ?? 'no document');
  return { knowledge, document };
}

describe('every character of a document lands in exactly one passage or heading', () => {
  it('plain text, with or without blank lines, any characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3000 }), fc.boolean(), (raw, oneLine) => {
        const text = oneLine ? raw.replace(/\n/g, ' ') : raw;
        fc.pre(/[\p{L}\p{N}]/u.test(text) && !text.includes('\0') && text.trim() !== '');
        const { knowledge } = load('doc.txt', text);
        const owner = new Array<number>(text.length).fill(0);
        let previousEnd = 0;
        for (const p of knowledge.passages) {
          expect(p.text).toBe(text.slice(p.start, p.end));
          expect(p.start).toBeGreaterThanOrEqual(previousEnd);
          previousEnd = p.end;
          for (let i = p.start; i < p.end; i++) owner[i] = (owner[i] ?? 0) + 1;
        }
        const body = text.replace(/^\uFEFF/, '');
        const offset = text.length - body.length;
        for (let i = offset; i < text.length; i++) {
          if (!/\s/.test(text[i] ?? '')) expect(owner[i], `character ${i} ${JSON.stringify(text[i])}`).toBe(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Markdown sections, paragraphs and bullets', () => {
    const block = fc.oneof(
      paragraph.map((p) => ({ kind: 'p' as const, text: p })),
      fc.array(fc.array(word, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }).map((items) => ({ kind: 'ul' as const, items: items.map((i) => i.join(' ')) })),
    );
    const section = fc.record({ heading: fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' ')), blocks: fc.array(block, { minLength: 1, maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(section, { minLength: 1, maxLength: 5 }), (sections) => {
        const markdown = ['---', 'title: Generated', '---', ''];
        const expected: string[] = [];
        for (const s of sections) {
          markdown.push(`## ${s.heading}`, '');
          expected.push(s.heading);
          for (const b of s.blocks) {
            if (b.kind === 'p') {
              markdown.push(b.text, '');
              expected.push(b.text);
            } else {
              markdown.push(...b.items.map((i) => `- ${i}`), '');
              expected.push(...b.items);
            }
          }
        }
        const { document } = load('gen.md', markdown.join('\n'));
        const got: string[] = [];
        for (const s of document.sections) {
          got.push(s.heading);
          for (const p of s.passages) {
            got.push(p.text);
            expect(p.text.split(/\s+/).length).toBeLessThanOrEqual(MAX_PASSAGE_WORDS);
          }
        }
        // Long paragraphs are split into several passages: compare word streams.
        expect(got.join(' ').split(/\s+/)).toEqual(expected.join(' ').split(/\s+/));
        expect(document.sections).toHaveLength(sections.length);
      }),
      { numRuns: 200 },
    );
  });

  it('the same knowledge always yields the same addresses', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 8 }), (paragraphs) => {
        const text = paragraphs.join('\n\n');
        expect(load('a.txt', text).knowledge.passages.map((p) => p.address)).toEqual(load('a.txt', text).knowledge.passages.map((p) => p.address));
      }),
      { numRuns: 50 },
    );
  });
});
