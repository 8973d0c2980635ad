import { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';
import { partOf, readEvalSet } from './eval-score.js';
const k = await loadKnowledge('knowledge');
const idx = KnowledgeIndex.build(k);
const a = new KnowledgeAnswerer(idx);
console.log('passages', k.passages.length);
const file = process.argv[2] ?? '../shared/eval/chat-dev.jsonl';
for (const line of readEvalSet(file)) {
  const ans = a.ask(line.q, { perPage: 5 });
  const hits = idx.search(idx.analyze(line.q), 5);
  const rank = hits.findIndex((h) => (line.expect ?? []).some((e) => h.passage.text.includes(e))) + 1;
  const q = idx
    .analyze(line.q)
    .map(
      (t) =>
        `${t.term}${t.known ? '' : '?'}:${t.weight.toFixed(1)}/${idx.documentFrequency(t.term)}${hits[0]?.matched.has(t.term) ? '+' : ''}`,
    )
    .join(' ');
  const c0 = hits[0]?.coverage ?? 0,
    s1 = hits[1]?.score ?? 0,
    s0 = hits[0]?.score ?? 1;
  console.log(
    `${line.kind.slice(0, 4)} ${partOf(line.q)[0]} ${ans.outcome.padEnd(11)} r${rank} cov ${c0.toFixed(2)} m ${(s1 / s0).toFixed(2)} | ${line.q}\n      ${q}`,
  );
}
