/**
 * Answer quality on the eval sets: hit@1, hit@3 and MRR@5 on answerable
 * questions, and how off-topic questions were handled.
 *
 *   npm run eval                  the shared dev set and our extended set
 *   npm run eval -- --json        the same figures as JSON
 *   npm run eval -- --misses      also list the questions that missed
 *   npm run eval -- --calibrate   sweep the answer cut-off and print the trade-off
 *   npm run eval -- --sweep       vary one search option at a time and print the figures
 */
import { parseArgs } from 'node:util';
import { CUTOFFS, KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex, SEARCH_OPTIONS, type SearchTuning } from '../src/search/knowledge-index.js';
import { EXPANSION_OPTIONS } from '../src/search/word-vectors.js';
import { readEvalSet, score, summary } from './eval-score.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    calibrate: { type: 'boolean', default: false },
    sweep: { type: 'boolean', default: false },
    knowledge: { type: 'string', default: 'knowledge' },
  },
});

const SETS = [
  { name: 'dev (shared)', file: 'eval/dev.jsonl' },
  { name: 'extended', file: 'eval/extended.jsonl' },
];

const knowledge = await loadKnowledge(values.knowledge);
const answerer = new KnowledgeAnswerer(KnowledgeIndex.build(knowledge));
const results = SETS.map((set) => ({ ...set, figures: score(answerer, readEvalSet(set.file)) }));

if (values.sweep) {
  const d = SEARCH_OPTIONS;
  const variants: Array<[string, SearchTuning]> = [
    ['defaults', d],
    ['section boost 0', { ...d, boost: { ...d.boost, section: 0 } }],
    ['section boost 1.5', { ...d, boost: { ...d.boost, section: 1.5 } }],
    ['title boost 0', { ...d, boost: { ...d.boost, title: 0 } }],
    ['aliases boost 0 (no acronyms)', { ...d, boost: { ...d.boost, aliases: 0 } }],
    ['bm25 b 0.3', { ...d, bm25: { ...d.bm25, b: 0.3 } }],
    ['bm25 b 0.9', { ...d, bm25: { ...d.bm25, b: 0.9 } }],
    ['bm25 k 0.8', { ...d, bm25: { ...d.bm25, k: 0.8 } }],
    ['bm25 k 2.0', { ...d, bm25: { ...d.bm25, k: 2 } }],
    ['MiniSearch fuzzy 0.2 on unknown words too', { ...d, fuzzy: 0.2 }],
    ['MiniSearch fuzzy 0.3 on unknown words too', { ...d, fuzzy: 0.3 }],
    ['prefix min 3', { ...d, prefixMinLength: 3 }],
    ['prefix off', { ...d, prefixMinLength: 99 }],
    ['approximate credit 0.25', { ...d, approximateCredit: 0.25 }],
    ['approximate credit 1', { ...d, approximateCredit: 1 }],
    ['no query expansion', { ...d, expansion: null }],
    ['expansion of every word, not only unknown ones', { ...d, expansion: { ...EXPANSION_OPTIONS, expand: 'all' } }],
    ['expansion similarity ≥ 0.5', { ...d, expansion: { ...EXPANSION_OPTIONS, minSimilarity: 0.5 } }],
    ['expansion similarity ≥ 0.6', { ...d, expansion: { ...EXPANSION_OPTIONS, minSimilarity: 0.6 } }],
    ['expansion k 3', { ...d, expansion: { ...EXPANSION_OPTIONS, k: 3 } }],
    ['expansion credit 0 (ranking only)', { ...d, expansion: { ...EXPANSION_OPTIONS, credit: 0 } }],
    ['expansion credit 0.75', { ...d, expansion: { ...EXPANSION_OPTIONS, credit: 0.75 } }],
  ];
  const sets = SETS.map((set) => ({ name: set.name, lines: readEvalSet(set.file) }));
  console.log(
    '| Option | ' + sets.map((s) => `${s.name}: hit@1 · hit@3 · answered · off-topic · hard`).join(' | ') + ' |',
  );
  console.log('|---|' + sets.map(() => '---|').join(''));
  for (const [name, tuning] of variants) {
    const variant = new KnowledgeAnswerer(KnowledgeIndex.build(knowledge, tuning));
    const cells = sets.map(({ lines }) => {
      const f = score(variant, lines);
      return `${(f.hit1 / f.answerable).toFixed(2)} · ${(f.hit3 / f.answerable).toFixed(2)} · ${f.answered}/${f.answerable} · ${f.offTopicDeclined}/${f.offTopic} · ${f.hardDeclined}/${f.hard}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
} else if (values.calibrate) {
  // Top-passage coverage of every question, to choose CUTOFFS.answer.
  const rows = SETS.flatMap((set) => readEvalSet(set.file)).map((line) => {
    const hit = answerer.index.search(answerer.index.analyze(line.q), 1)[0];
    return { kind: line.kind, coverage: hit?.coverage ?? 0 };
  });
  console.log('cut-off  answerable-answered  off-topic-declined  hard-declined');
  for (let c = 0.2; c <= 0.801; c += 0.05) {
    const a = rows.filter((r) => r.kind === 'answerable');
    const o = rows.filter((r) => r.kind === 'off-topic');
    const h = rows.filter((r) => r.kind === 'hard-off-topic');
    const pct = (xs: typeof rows, f: (r: (typeof rows)[number]) => boolean): string =>
      `${xs.filter(f).length}/${xs.length}`;
    console.log(
      `${c.toFixed(2)}     ${pct(a, (r) => r.coverage >= c).padEnd(20)} ${pct(o, (r) => r.coverage < c).padEnd(19)} ${pct(h, (r) => r.coverage < c)}`,
    );
  }
  console.log(`current cut-off: ${CUTOFFS.answer}`);
} else if (values.json) {
  console.log(
    JSON.stringify(
      results.map(({ name, figures }) => ({ name, ...figures })),
      null,
      2,
    ),
  );
} else {
  for (const { name, figures } of results) {
    console.log(summary(name, figures));
    if (values.misses) for (const m of figures.misses) console.log(`    ${m}`);
  }
}
