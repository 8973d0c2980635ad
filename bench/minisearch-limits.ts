/**
 * Where MiniSearch itself is the limit of our answer path, measured: the same
 * index (a copy of KnowledgeIndex's MiniSearch, loaded from its snapshot)
 * queried the original way and with the changes the issue names: pruning very
 * common terms, AND first with OR fallback, no prefix expansion of known
 * words, a tighter fuzzy limit; and static pruning of the postings. Also
 * splits the build's analysis cost and the index's heap.
 *
 *   node --expose-gc --max-old-space-size=4096 --import tsx bench/minisearch-limits.ts --scale 10
 */
import type { AsPlainObject } from 'minisearch';
import { parseArgs } from 'node:util';
import { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { KnowledgeIndex, type QueryTerm } from '../src/search/knowledge-index.js';
import { term, tokenize } from '../src/text/analyze.js';
import { englishRarity } from '../src/text/english-rarity.js';
import { fold } from '../src/text/fold.js';
import { loadCorpus } from './lib/corpus.js';
import { heapMB, latencyOf, time, type Latency } from './lib/measure.js';
import { mulberry32 } from './lib/prng.js';
import { makeQueries } from './lib/queries.js';
import { ms } from './lib/report.js';
import {
  loadSeconds,
  miniSearchOf,
  plainIndexOf,
  searchVariants,
  staticPruned,
  textOnlyOf,
  type SearchVariant,
} from './lib/search-variants.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    quick: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20240229' },
    /** Only these strategies (comma-separated names); the baseline always runs. */
    only: { type: 'string' },
    /** Postings kept per term and field by the statically pruned copies. */
    keep: { type: 'string' },
  },
});
const out = (...lines: string[]): void =>
  void process.stdout.write(`${(lines.length === 0 ? [''] : lines).join('\n')}\n`);
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const seconds = (from: number): number => (performance.now() - from) / 1000;

englishRarity('the');
const scale = Number(values.scale);
const corpus = await loadCorpus(scale);
const counts = values.quick
  ? { keywords: 100, questions: 20, knownItems: 50, warmup: 20 }
  : { keywords: 500, questions: 50, knownItems: 200, warmup: 50 };
const queries = makeQueries(corpus.passages.slice(0, corpus.base), counts, Number(values.seed));
out(`## MiniSearch limits, ${scale}× (${corpus.passages.length} passages)`);

// 1. Build, and what the analysis costs in it.
log(`${scale}×: ${corpus.passages.length} passages loaded; building…`);
const before = heapMB();
let started = performance.now();
const index = KnowledgeIndex.build(corpus.knowledge);
const buildSeconds = seconds(started);
const indexHeap = heapMB() - before;
const words = corpus.passages.flatMap((p) => tokenize(p.text));
started = performance.now();
for (const w of words) fold(w);
const foldSeconds = seconds(started);
started = performance.now();
for (const w of words) term(w);
const termSeconds = seconds(started);
const memo = new Map<string, string | null>();
started = performance.now();
for (const w of words) {
  if (!memo.has(w)) memo.set(w, term(w));
}
const memoSeconds = seconds(started);
out('', '### Build', '');
out(`KnowledgeIndex.build: ${buildSeconds.toFixed(1)} s, +${indexHeap.toFixed(0)} MB.`);
out(
  `The passages' text holds ${(words.length / 1e6).toFixed(1)} M words, ${memo.size} distinct. Over all of them, once: ` +
    `fold ${foldSeconds.toFixed(1)} s, term (fold + stop words + stemmer) ${termSeconds.toFixed(1)} s, ` +
    `a memo by word in front of term ${memoSeconds.toFixed(2)} s. Build runs term once per word and fold once more ` +
    `(Vocabulary.add).`,
);

// 2. Heap split: the MiniSearch part alone, and its text field alone.
let plain: AsPlainObject | undefined = plainIndexOf(corpus.knowledge);
const heapOf = (make: () => unknown): number => {
  const start = heapMB();
  const held = [make()];
  const grown = heapMB() - start;
  held.length = 0;
  return grown;
};
const textOnlyHeap = heapOf(() => textOnlyOf(plain as AsPlainObject));
const heapBeforeCopy = heapMB();
const search = miniSearchOf(plain);
const fullLoad = loadSeconds(plain);
out(
  `MiniSearch's share of the index: +${(heapMB() - heapBeforeCopy).toFixed(0)} MB (plain MiniSearch: addAll of every passage, unpruned, loaded from its JSON); ` +
    `with the text field's postings only: +${textOnlyHeap.toFixed(0)} MB. Its JSON: ${fullLoad.megabytes.toFixed(0)} MB, ` +
    `JSON.parse + loadJS ${fullLoad.seconds.toFixed(2)} s.`,
);
const keeps = values.keep?.split(',').map(Number) ?? (scale >= 10 ? [2000, 500] : [2000, 200, 50]);
const prunedOf = (
  keep: number,
): Omit<ReturnType<typeof staticPruned>, 'plain'> & { keep: number; json: number; load: number } => {
  const { plain: prunedPlain, search: prunedSearch, boostTerm } = staticPruned(plain as AsPlainObject, keep);
  const load = loadSeconds(prunedPlain);
  return { search: prunedSearch, boostTerm, keep, json: load.megabytes, load: load.seconds };
};
const pruned = keeps.map((keep) => {
  const start = heapMB();
  const made = prunedOf(keep);
  out(
    `Statically pruned to ${keep} postings per term and field: +${(heapMB() - start).toFixed(0)} MB; its JSON ` +
      `${made.json.toFixed(0)} MB, JSON.parse + loadJS ${made.load.toFixed(2)} s.`,
  );
  return made;
});
plain = undefined;

// 3. Query strategies on the same postings, interleaved query by query so that
// other load on the machine falls on every strategy alike, in a rotating
// order; each query's time is the least of three runs.
const keywordTerms = queries.keywords.map((q) => index.analyze(q)).filter((q) => q.length > 0);
const questionTerms = queries.questions.map((q) => index.analyze(q));
/** The top 10 distinct texts: at 10× every text is there ten times, and a copy counts as the passage. */
const top10 = (v: SearchVariant, q: readonly QueryTerm[]): number[] =>
  [...new Set(v.search(q, 10 * scale).ids.map((id) => id % corpus.base))].slice(0, 10);
const only = values.only?.split(',');
const variants = searchVariants(search, index, pruned).filter(
  (v) => only === undefined || v.name === 'baseline' || only.includes(v.name),
);
const slowest = new Map<string, number[]>();
const timings = (set: readonly QueryTerm[][]): Map<string, Latency> => {
  const wall = new Map(variants.map((v) => [v.name, set.map(() => Infinity)]));
  const cpu = new Map(variants.map((v) => [v.name, set.map(() => Infinity)]));
  for (let round = 0; round < 3; round++) {
    for (const [i, q] of set.entries()) {
      // Rotate the order, so that no strategy always meets the query's postings cold.
      const order = variants.map((_, j) => variants[(i + round + j) % variants.length]);
      for (const v of order) {
        if (v === undefined) continue;
        const cpuStart = process.cpuUsage();
        const started = performance.now();
        v.search(q, 12);
        const w = performance.now() - started;
        const used = process.cpuUsage(cpuStart);
        const ws = wall.get(v.name) ?? [];
        const cs = cpu.get(v.name) ?? [];
        ws[i] = Math.min(ws[i] ?? Infinity, w);
        cs[i] = Math.min(cs[i] ?? Infinity, (used.user + used.system) / 1000);
      }
    }
  }
  if (slowest.size === 0) slowest.set('baseline', wall.get('baseline') ?? []);
  return new Map(variants.map((v) => [v.name, latencyOf(wall.get(v.name) ?? [], cpu.get(v.name) ?? [])]));
};
for (const v of variants) for (const q of [...keywordTerms, ...questionTerms].slice(0, 50)) v.search(q, 12);
log('timing the strategies…');
const kw = timings(keywordTerms);
const nl = timings(questionTerms);
out('', '### Query strategies (search alone, top 12; analysis done beforehand)', '');
out(
  `Each query's time is the least of 3 runs, strategies interleaved query by query in a rotating order. ${keywordTerms.length} keyword ` +
    `queries with at least one non-stop word, ${questionTerms.length} questions, ${queries.knownItems.length} known items. ` +
    `Top 1 and the @10 figures count distinct texts: at 10× a copy of a passage is the passage.`,
  '',
  '| strategy | kw p50 ms | kw p99 ms | NL p50 ms | NL p99 ms | kw p99 CPU ms | results built per query (mean) | same top 1 as baseline | known@10 | noisy known@10 | NL source@10 |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
);
const baseline: Array<number | undefined> = [];
const all = [...keywordTerms, ...questionTerms];
for (const v of variants) {
  let materialized = 0;
  let same = 0;
  for (const [i, q] of all.entries()) {
    const r = v.search(q, 12);
    materialized += r.materialized;
    const first = r.ids[0] === undefined ? undefined : r.ids[0] % corpus.base;
    if (v.name === 'baseline') baseline[i] = first;
    if (baseline[i] === first) same++;
  }
  let known = 0;
  let noisy = 0;
  for (const item of queries.knownItems) {
    if (top10(v, index.analyze(item.query)).includes(item.target)) known++;
    if (top10(v, index.analyze(item.noisy)).includes(item.target)) noisy++;
  }
  let sourced = 0;
  for (const [i, q] of questionTerms.entries()) {
    if (top10(v, q).includes(queries.questionSources[i] ?? -1)) sourced++;
  }
  const n = queries.knownItems.length;
  const k = kw.get(v.name);
  const l = nl.get(v.name);
  out(
    `| ${v.name}: ${v.note} | ${ms(k?.p50)} | ${ms(k?.p99)} | ${ms(l?.p50)} | ${ms(l?.p99)} | ${ms(k?.cpuP99)} | ` +
      `${Number.isNaN(materialized) ? 'n/a' : Math.round(materialized / all.length)} | ${((100 * same) / all.length).toFixed(0)}% | ${(known / n).toFixed(2)} | ` +
      `${(noisy / n).toFixed(2)} | ${(sourced / questionTerms.length).toFixed(2)} |`,
  );
}

const baselineTimes = slowest.get('baseline') ?? [];
const worst = keywordTerms
  .map((q, i) => ({ q, ms: baselineTimes[i] ?? 0 }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 8);
out('', 'Slowest keyword queries for the baseline (term: passages holding it):', '');
for (const { q, ms: t } of worst) {
  out(`- ${ms(t)} ms: ${q.map((x) => `${x.term}: ${index.documentFrequency(x.term)}`).join(', ')}`);
}

// 5. Typos: the answer path corrects them first (Vocabulary.closest), then MiniSearch expands what is left.
const random = mulberry32(Number(values.seed) + 7);
const pairs: Array<{ clean: string; typo: string }> = [];
for (const clean of queries.keywords) {
  const ws = clean.split(' ');
  const i = ws.findIndex((w) => w.length >= 6 && term(w) !== null);
  const w = ws[i];
  if (w === undefined) continue;
  const at = random.int(1, w.length - 3);
  if (w[at] === w[at + 1]) continue;
  ws[i] = w.slice(0, at) + (w[at + 1] ?? '') + (w[at] ?? '') + w.slice(at + 2);
  pairs.push({ clean, typo: ws.join(' ') });
  if (pairs.length === 100) break;
}
const answerer = new KnowledgeAnswerer(index);
for (const p of pairs) [p.clean, p.typo].forEach((q) => answerer.ask(q));
const clean = await time((p) => answerer.ask(p.clean), pairs);
const typed = await time((p) => answerer.ask(p.typo), pairs);
const typoTimes = pairs.map((p) => {
  const started = performance.now();
  const answer = answerer.ask(p.typo);
  return { p, ms: performance.now() - started, suggestion: answer.suggestions[0] };
});
const raw = pairs.map((p) => index.analyze(p.typo));
out('', '### Typos', '');
out(
  `ask() on ${pairs.length} keyword queries with one transposed letter: p50 ${ms(typed.p50)} ms, p99 ${ms(typed.p99)} ms; ` +
    `the same queries spelt right: p50 ${ms(clean.p50)} ms, p99 ${ms(clean.p99)} ms.`,
);
out('', 'Slowest of them:', '');
for (const { p, ms: t, suggestion } of typoTimes.sort((a, b) => b.ms - a.ms).slice(0, 5)) {
  out(
    `- ${ms(t)} ms: "${p.typo}" (typed for "${p.clean}"; did-you-mean: ${suggestion === undefined ? 'none' : `"${suggestion}"`})`,
  );
}
out('');
for (const v of [variants[0], variants[1], variants.at(-1)]) {
  if (v === undefined) continue;
  const latency = await time((q) => v.search(q, 12), raw);
  out(`Search alone on the uncorrected typos, ${v.name}: p50 ${ms(latency.p50)} ms, p99 ${ms(latency.p99)} ms.`);
}
