import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import MiniSearch, { type Options } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { miniSearchOf, searchTop } from '../../src/search/minisearch-bridge.js';
import { PostingsBuilder } from '../../src/search/postings-builder.js';
import { readSnapshot, writeSnapshot } from '../../src/search/snapshot-file.js';
import { term, tokenize } from '../../src/text/analyze.js';

interface Doc {
  readonly id: number;
  readonly text: string;
  readonly title: string;
}

const OPTIONS: Options<Doc> = {
  fields: ['text', 'title'],
  tokenize,
  processTerm: term,
  searchOptions: { tokenize: (q) => q.split(' '), processTerm: (t) => t },
};

/** The postings of `docs`, built as KnowledgeIndex builds them. */
function postingsOf(docs: readonly Doc[], keep: number) {
  const builder = new PostingsBuilder(2);
  for (const doc of docs) {
    const fields = [doc.text, doc.title].map((value) => {
      const frequencies = new Map<string, number>();
      for (const word of tokenize(value)) {
        const t = term(word);
        if (t !== null) frequencies.set(t, (frequencies.get(t) ?? 0) + 1);
      }
      return { frequencies, length: new Set(tokenize(value)).size };
    });
    builder.add(
      fields.map((f) => f.frequencies),
      fields.map((f) => f.length),
    );
  }
  return builder.build({ keep, bm25: { k: 1.2, b: 0.7 } });
}

const ranked = (search: MiniSearch<Doc>, query: string, prefix = false) =>
  search.search(query, { prefix, combineWith: 'OR' }).map((r) => [r.id, r.score, r.terms]);

describe('postings in typed arrays', () => {
  it('rank exactly as plain MiniSearch does, exact and prefix terms alike', async () => {
    // The essay's passages, as MiniSearch's own addAll indexes them and as PostingsBuilder packs them.
    const knowledge = await loadKnowledge('knowledge');
    const docs = knowledge.passages.map((p) => ({ id: p.id, text: p.text, title: p.section.heading }));
    const plain = new MiniSearch<Doc>(OPTIONS);
    plain.addAll(docs);
    const ours = miniSearchOf(postingsOf(docs, 10_000), OPTIONS);
    for (const query of ['russia china', 'sanction', 'partnership strateg', 'eurasian econom union', 'brzezinski']) {
      expect(ranked(ours, query)).toEqual(ranked(plain, query));
      expect(ranked(ours, query, true)).toEqual(ranked(plain, query, true));
    }
  });

  it("give the top of MiniSearch's own ranking, ties in its order, when only the top is asked for", async () => {
    const knowledge = await loadKnowledge('knowledge');
    const docs = knowledge.passages.map((p) => ({ id: p.id, text: p.text, title: p.section.heading }));
    // Every passage twice: each score is tied with a copy's.
    const twice = [...docs, ...docs.map((d) => ({ ...d, id: d.id + docs.length }))];
    const search = miniSearchOf(postingsOf(twice, 10_000), OPTIONS);
    for (const query of ['russia china', 'sanction', 'econom union', 'zzz']) {
      for (const limit of [1, 3, 12]) {
        const options = { prefix: true, combineWith: 'OR' as const };
        expect(searchTop(search, query, options, limit)).toEqual(search.search(query, options).slice(0, limit));
      }
    }
  });

  it('keep the highest-scoring postings of a common term, and its true passage count', () => {
    // Twenty passages say "grain"; the ones saying it most, in the fewest words, score highest.
    const docs: Doc[] = Array.from({ length: 20 }, (_, id) => ({
      id,
      text: `${'grain '.repeat(1 + (id % 5))}harvest ${id === 7 ? 'tundra' : 'field'}`,
      title: 'Farming',
    }));
    const pruned = postingsOf(docs, 4);
    const full = postingsOf(docs, 100);
    const grain = pruned.terms.indexOf('grain');
    expect([...(pruned.list(grain, 0)?.keys() ?? [])]).toEqual([4, 9, 14, 19]);
    expect(pruned.list(grain, 0)?.size).toBe(20);
    expect(pruned.size).toBeLessThan(full.size);
    // A kept passage scores what it scores unpruned: the term's weight (IDF) counts all 20 passages.
    const score = (search: MiniSearch<Doc>, id: number) => search.search('grain').find((r) => r.id === id)?.score;
    expect(score(miniSearchOf(pruned, OPTIONS), 19)).toBe(score(miniSearchOf(full, OPTIONS), 19));
    // A rare term is never pruned.
    expect(
      miniSearchOf(pruned, OPTIONS)
        .search('tundra')
        .map((r) => r.id),
    ).toEqual([7]);
  });
});

describe('the budget of one question', () => {
  // 30 passages say "grain" strongly, 30 "harvest" strongly, and one says both, weakly, in many words.
  const filler = Array.from({ length: 40 }, (_, i) => `filler${i}`).join(' ');
  const docs: Doc[] = [
    ...Array.from({ length: 30 }, (_, id) => ({ id, text: 'grain grain', title: '' })),
    ...Array.from({ length: 30 }, (_, i) => ({ id: 30 + i, text: 'harvest harvest', title: '' })),
    { id: 60, text: `grain ${filler} harvest`, title: '' },
  ];
  const postings = postingsOf(docs, 1000);

  it('gives rare terms all their postings and common ones their strongest', () => {
    const budget = postings.budget(['grain', 'harvest', 'filler7'], 21);
    const limit = (term: string) => budget.limits.get(postings.terms.indexOf(term));
    expect([limit('filler7'), limit('grain'), limit('harvest')]).toEqual([1, 10, 10]);
    expect([...budget.cut].sort()).toEqual(['grain', 'harvest']);
    const search = miniSearchOf(postings, OPTIONS);
    const ids = postings.within(budget, () => search.search('grain').map((r) => r.id));
    expect(ids).toHaveLength(10);
    expect(ids).not.toContain(60);
  });

  it('shares one pool among the terms a partial word matches', () => {
    const budget = postings.budget(['grain', 'fill'], 20);
    const search = miniSearchOf(postings, OPTIONS);
    // "fill" is no term: as a prefix it matches filler0 … filler39, one passage each, which share its 10.
    const fillers = (run: () => ReturnType<typeof search.search>) =>
      run()
        .find((r) => r.id === 60)
        ?.terms.filter((t) => t.startsWith('filler')).length;
    const query = () => search.search('grain fill', { prefix: (t) => t === 'fill' });
    expect(budget.others).toBe(10);
    expect(fillers(query)).toBe(40);
    expect(fillers(() => postings.within(budget, query))).toBe(10);
  });

  it('finds the passage holding every word, which the budget left out', () => {
    expect(postings.holdingMost(['grain', 'harvest'], 5)).toEqual([60]);
    expect(postings.holdingMost(['grain'], 5)).toEqual([]);
  });
});

describe('the snapshot file', () => {
  it('refuses a damaged or foreign file with a reason, never a crash', async () => {
    const knowledge = await loadKnowledge('knowledge');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'snap-')), 'index-snapshot.bin');
    const bytes = writeSnapshot(KnowledgeIndex.build(knowledge), file);
    expect(readSnapshot(file, knowledge.version).reason).toBe('snapshot matches');
    const body = readFileSync(file);
    writeFileSync(file, body.subarray(0, Math.floor(bytes / 2)));
    expect(readSnapshot(file, knowledge.version)).toEqual({
      reason: 'snapshot checksum does not match its contents (altered or damaged); rebuilding the index',
    });
    writeFileSync(file, '{"fingerprint": "an old JSON snapshot"}');
    expect(readSnapshot(file, knowledge.version)).toEqual({ reason: 'snapshot unreadable (not a snapshot file)' });
    const garbled = Buffer.from(body);
    garbled.writeUInt32LE(5, 8);
    writeFileSync(file, garbled);
    expect(readSnapshot(file, knowledge.version).reason).toMatch(/^snapshot checksum does not match/);
  });
});

describe('postings on any small corpus (property)', () => {
  const WORDS = ['grain', 'harvest', 'river', 'treaty', 'border', 'trade', 'energy', 'summit'];
  const corpus = fc.array(
    fc.record({
      text: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')),
      title: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }).map((w) => w.join(' ')),
    }),
    { minLength: 1, maxLength: 40 },
  );
  const question = fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 });

  it('rank as plain MiniSearch does when nothing is left out', () => {
    fc.assert(
      fc.property(corpus, question, fc.boolean(), (texts, words, prefix) => {
        const docs = texts.map((d, id) => ({ id, ...d }));
        const plain = new MiniSearch<Doc>(OPTIONS);
        plain.addAll(docs);
        const query = words.map((w) => term(w)).join(' ');
        expect(ranked(miniSearchOf(postingsOf(docs, 1000), OPTIONS), query, prefix)).toEqual(
          ranked(plain, query, prefix),
        );
      }),
    );
  });

  it('find, for an AND of the words, the passages holding most of them, most first', () => {
    fc.assert(
      fc.property(corpus, question, fc.integer({ min: 1, max: 50 }), (texts, words, max) => {
        const docs = texts.map((d, id) => ({ id, ...d }));
        const terms = words.map((w) => term(w) ?? '');
        const held = (id: number) => {
          const own = new Set([...tokenize(docs[id]?.text ?? ''), ...tokenize(docs[id]?.title ?? '')].map(term));
          return terms.filter((t) => own.has(t)).length;
        };
        const found = postingsOf(docs, 1000).holdingMost(terms, max);
        expect(new Set(found).size).toBe(found.length);
        expect(found.length).toBeLessThanOrEqual(max);
        const counts = found.map(held);
        for (const c of counts) expect(c).toBeGreaterThanOrEqual(2);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
        // Nobody left out holds more words than the last one taken; with room to spare, nobody holding two is left out.
        const left = docs.filter((d) => !found.includes(d.id)).map((d) => held(d.id));
        for (const c of left) expect(c).toBeLessThanOrEqual(found.length < max ? 1 : (counts.at(-1) ?? 0));
      }),
    );
  });
});
