import { describe, expect, it } from 'vitest';
import { readAliases } from '../../src/knowledge/aliases.js';
import { buildKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';

const file = (name: string, text: string) => ({ file: name, bytes: Buffer.from(text) });

const DOC = `---
title: Pacts
aliases:
  pactum: alliance
  SCO: [Shanghai Cooperation Organisation]
---
## Blocs

The alliance between the two states was signed in 1950 and renewed twice.

The Shanghai Cooperation Organisation meets every summer in a member's capital.

Grain harvests were poor in the northern provinces that year.
`;

describe('front matter aliases', () => {
  it('reads a mapping, a value being a word, a phrase or a list of them', () => {
    expect(readAliases({ aliases: { SCO: 'Shanghai Cooperation Organisation', pact: ['alliance', 'treaty'] } })).toEqual([
      { alias: 'SCO', means: 'Shanghai Cooperation Organisation' },
      { alias: 'pact', means: 'alliance' },
      { alias: 'pact', means: 'treaty' },
    ]);
    expect(readAliases({})).toEqual([]);
  });

  it('rejects a malformed value with a one-line reason, and the other files still load', () => {
    expect(() => readAliases({ aliases: ['pact = alliance'] })).toThrow(/aliases must be a mapping.*got a list/);
    expect(() => readAliases({ aliases: { pact: { a: 1 } } })).toThrow(/"pact" must stand for a word or phrase/);
    expect(() => readAliases({ aliases: { pact: '--' } })).toThrow(/no letter or digit/);
    const knowledge = buildKnowledge([file('bad.md', '---\naliases: pact\n---\nText.'), file('good.md', DOC)]);
    expect(knowledge.documents.map((d) => d.file)).toEqual(['good.md']);
    expect(knowledge.problems[0]?.message).toMatch(/^bad\.md: front matter aliases must be a mapping/);
    expect(knowledge.problems[0]?.message).not.toContain('\n');
  });

  it('lets a question in one word find the passage that uses the other, both ways', () => {
    const knowledge = buildKnowledge([file('pacts.md', DOC)]);
    expect(knowledge.documents[0]?.aliases).toHaveLength(2);
    const index = KnowledgeIndex.build(knowledge);
    expect(index.search(index.analyze('When was the pactum signed?'), 1)[0]?.passage.text).toMatch(/^The alliance/);
    expect(index.search(index.analyze('Where does the SCO meet?'), 1)[0]?.passage.text).toMatch(/^The Shanghai/);
    const again = KnowledgeIndex.fromSnapshot(index.toSnapshot());
    expect(again.knowledge.documents[0]?.aliases).toEqual(knowledge.documents[0]?.aliases);
  });

  it('does not bridge the words without the front matter', () => {
    const index = KnowledgeIndex.build(buildKnowledge([file('pacts.md', DOC.replace(/aliases:[\s\S]*?---/, '---'))]));
    const top = index.search(index.analyze('pactum'), 1)[0];
    expect(top?.passage.text.startsWith('The alliance') ?? false).toBe(false);
  });
});
