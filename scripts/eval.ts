/**
 * Answer quality on the eval sets: hit@1, hit@3 and MRR@5 on answerable
 * questions, and how off-topic questions were handled.
 *
 *   npm run eval                  the shared dev set and our extended set
 *   npm run eval -- --json        the same figures as JSON
 *   npm run eval -- --misses      also list the questions that missed
 *   npm run eval -- --calibrate   sweep the answer cut-off and print the trade-off
 */
import { parseArgs } from 'node:util';
import { CUTOFFS, KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';
import { readEvalSet, score, summary } from './eval-score.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    calibrate: { type: 'boolean', default: false },
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

if (values.calibrate) {
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
