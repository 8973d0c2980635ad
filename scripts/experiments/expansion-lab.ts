/**
 * Throwaway: measures query expansion from word vectors on the eval sets.
 *
 *   tsx scripts/experiments/expansion-lab.ts --vectors /tmp/vec/all --top 30000 [--quantize] [--grid] [--misses SETTING]
 *
 * `--vectors` is the base path written by dump-float-vectors.ts. Prints one
 * row per setting: per set hit@1 / hit@3 / MRR@5 / answered / off-topic
 * declined / hard declined.
 */
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { tokenize } from '../../src/text/analyze.js';
import { fold } from '../../src/text/fold.js';
import { readEvalSet, type EvalLine, type Figures } from '../eval-score.js';
import { LabIndex, type Expander, type ExpansionSettings } from './lab-index.js';
import { decide, scoreLab } from './lab-score.js';
import { LabVectors, ScanExpander, StaticListExpander } from './lab-vectors.js';

const { values } = parseArgs({
  options: {
    vectors: { type: 'string', default: '/tmp/vec/all' },
    top: { type: 'string', default: '30000' },
    quantize: { type: 'boolean', default: false },
    grid: { type: 'boolean', default: false },
    misses: { type: 'string' },
    cutoff: { type: 'string' },
    diff: { type: 'string' },
    curve: { type: 'string' },
    gates: { type: 'string' },
    hubness: { type: 'string' },
  },
});

const SETS: ReadonlyArray<{ name: string; lines: EvalLine[] }> = [
  { name: 'dev', lines: readEvalSet('eval/dev.jsonl') },
  { name: 'ext', lines: readEvalSet('eval/extended.jsonl') },
  { name: 'hold', lines: readEvalSet('scripts/experiments/holdout.jsonl') },
];

const knowledge = await loadKnowledge('knowledge');
const lab = new LabIndex(knowledge);
const keep = new Set(knowledge.passages.flatMap((p) => tokenize(`${p.text} ${p.section.heading}`).map((w) => fold(w))));
const vectors = new LabVectors(values.vectors ?? '', Number(values.top), keep, values.quantize ?? false);
if (values.hubness !== undefined) vectors.precomputeHubness(values.hubness);
const expander = new ScanExpander(vectors, lab.termWords);
const expanders = new Map<string, Expander>();
console.log(`# vectors: ${vectors.rows.size} words; index terms with a vector: ${expander.size}/${lab.termWords.size}`);

function row(label: string, x: ExpansionSettings | undefined, cutoff?: number): Figures[] {
  const figures = SETS.map((s) => scoreLab(lab, s.lines, x, cutoff));
  const cells = figures.map((f) => {
    const r = (n: number): string => (n / f.answerable).toFixed(2);
    return `${r(f.hit1)} ${r(f.hit3)} ${r(f.mrr5)} ${String(f.answered).padStart(2)}/${f.answerable} ${f.offTopicDeclined}/${f.offTopic} ${String(f.hardDeclined).padStart(2)}/${f.hard}`;
  });
  console.log(`${label.padEnd(40)} | ${cells.join(' | ')}`);
  return figures;
}

console.log(
  `${'setting'.padEnd(40)} | ${SETS.map((s) => `${s.name}: h@1  h@3  mrr  ans   off  hard`.padEnd(31)).join(' | ')}`,
);
const cutoff = values.cutoff === undefined ? undefined : Number(values.cutoff);
row('baseline', undefined, cutoff);

function settings(s: string): ExpansionSettings {
  // which,k,tau,boost,credit,quality[,minRarity,targetMinRarity,csls] e.g. "unknown,2,0.6,0.5,0.5,count,8,8,csls"
  const [which, k, tau, boost, credit, quality, minRarity, targetMinRarity, csls] = s.split(',');
  const key = `${minRarity},${targetMinRarity},${csls}`;
  let ex: Expander | undefined = minRarity === undefined ? expander : expanders.get(key);
  if (ex === undefined && minRarity?.startsWith('list') === true) {
    // list<K>: static top-K lists over the whole vocabulary, as build-vectors.ts would store them
    ex = new StaticListExpander(vectors, new Set(lab.termWords.keys()), Number(minRarity.slice(4)), csls === 'csls');
    expanders.set(key, ex);
  }
  if (ex === undefined) {
    ex = new ScanExpander(vectors, lab.termWords, {
      minRarity: Number(minRarity ?? 0),
      targetMinRarity: Number(targetMinRarity ?? 0),
      csls: csls === 'csls',
    });
    expanders.set(key, ex);
  }
  return {
    expander: ex,
    which: which === 'all' ? 'all' : 'unknown',
    k: Number(k),
    tau: Number(tau),
    boost: Number(boost),
    credit: Number(credit),
    quality: quality === 'partial' ? 'partial' : 'count',
  };
}

if (values.grid) {
  const gates = (values.gates ?? '').split(';').map((g) => (g === '' ? '' : `,${g}`));
  for (const gate of gates)
    for (const which of ['unknown', 'all'])
      for (const k of [1, 2, 3, 5])
        for (const tau of [0.5, 0.55, 0.6, 0.65, 0.7])
          for (const boost of [0.3, 0.6, 1])
            for (const credit of [0, 0.5, 1])
              for (const quality of ['count', 'partial']) {
                const s = `${which},${k},${tau},${boost},${credit},${quality}${gate}`;
                row(s, settings(s), cutoff);
              }
}
if (values.misses !== undefined) {
  const figures = row(values.misses, settings(values.misses), cutoff);
  figures.forEach((f, i) => {
    console.log(`-- ${SETS[i]?.name}`);
    for (const m of f.misses) console.log(`   ${m}`);
  });
}

if (values.diff !== undefined) {
  // Questions whose outcome changed between the baseline and a setting.
  const x = settings(values.diff);
  for (const s of SETS)
    for (const line of s.lines) {
      const a = decide(lab, line.q, undefined, cutoff);
      const b = decide(lab, line.q, x, cutoff);
      const rank = (r: typeof a): number =>
        r.ranked.findIndex((h) => (line.expect ?? []).some((e) => h.passage.text.includes(e))) + 1;
      const show = (r: typeof a): string =>
        `${r.answered ? 'A' : '-'} r${rank(r) || '-'} cov ${(r.top?.coverage ?? 0).toFixed(2)}`;
      if (a.answered !== b.answered || rank(a) !== rank(b)) {
        const query = lab.understand(line.q);
        const ex = query
          .filter((q) => x.which === 'all' || !q.known)
          .map((q) => `${q.word}→[${x.expander.near(q.word, x.k, x.tau).map((n) => `${n.term} ${n.similarity.toFixed(2)}`).join(', ')}]`)
          .join(' ');
        console.log(`${s.name} ${line.kind.padEnd(14)} ${show(a)}  =>  ${show(b)}  ${line.q}\n      ${ex}`);
      }
    }
}

if (values.curve !== undefined) {
  // Cut-off sweep: for each cut-off, answered-and-right-at-1 vs off-topic (incl. hard) answered, per group of sets.
  const groups: Array<{ name: string; lines: EvalLine[] }> = [
    { name: 'dev+ext', lines: [...(SETS[0]?.lines ?? []), ...(SETS[1]?.lines ?? [])] },
    { name: 'hold', lines: SETS[2]?.lines ?? [] },
  ];
  for (const spec of values.curve.split(';')) {
    const x = spec === 'baseline' ? undefined : settings(spec);
    for (const g of groups) {
      const rows = g.lines.map((line) => {
        const d = decide(lab, line.q, x, 2);
        const top = d.top;
        const right = top !== undefined && (line.expect ?? []).some((e) => top.passage.text.includes(e));
        return { kind: line.kind, coverage: top?.coverage ?? 0, right };
      });
      const cells: string[] = [];
      for (let c = 0.3; c <= 0.651; c += 0.05) {
        const a = rows.filter((r) => r.kind === 'answerable' && r.coverage >= c);
        const o = rows.filter((r) => r.kind !== 'answerable' && r.coverage >= c);
        cells.push(`${c.toFixed(2)}:${a.filter((r) => r.right).length}/${a.length}/${o.length}`);
      }
      console.log(`${spec.padEnd(34)} ${g.name.padEnd(8)} ${cells.join(' ')}`);
    }
  }
}
