import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineSpec } from '../engines/engine.js';
import type { Corpus } from './corpus.js';
import type { QuerySet } from './queries.js';

/**
 * Latency of one query kind, in milliseconds: wall-clock, and the process's
 * CPU time, which other load on the machine does not inflate.
 */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly cpuP50: number;
  readonly cpuP99: number;
  readonly count: number;
}

/** Everything measured for one engine at one scale. */
export interface EngineFigures {
  readonly engine: string;
  readonly label: string;
  readonly scale: number;
  readonly passages: number;
  readonly buildSeconds: number;
  readonly buildCpuSeconds: number;
  /** Heap the built engine holds, after GC, beyond what the loaded corpus held. */
  readonly heapMB: number;
  readonly snapshotMB: number | null;
  /** Start-up from the snapshot file, reading it included. */
  readonly loadSeconds: number | null;
  readonly loadCpuSeconds: number | null;
  readonly keywords: Latency;
  readonly questions: Latency;
  /** Share of known-item queries whose passage (or, at 10×, a copy of it) is in the top 10. */
  readonly knownItem: number;
  /** The same for the noisy variant: one of the words misremembered. */
  readonly knownItemNoisy: number;
  /** Share of questions whose source passage (or a copy) is in the top 10. */
  readonly questionSource: number;
  /** Ours only: the same three with the index's own top 10, before the answer's cut-offs. */
  readonly knownItemIndex?: number;
  readonly knownItemNoisyIndex?: number;
  readonly questionSourceIndex?: number;
  /** Ours only: keyword latency of `KnowledgeIndex.search` alone, without composing the answer. */
  readonly indexKeywords?: Latency;
  /** Set when query counts were capped for this engine. */
  readonly capped?: string;
}

/** Runs a garbage collection, when node runs with --expose-gc. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** Heap in use after a full collection, in MB. */
export function heapMB(): number {
  collect();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

/** Times each query on its own, wall-clock and CPU; awaits only what returns a promise. */
export async function time<T>(run: (query: T) => unknown, queries: readonly T[]): Promise<Latency> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const query of queries) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const result = run(query);
    if (result instanceof Promise) await result;
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return latencyOf(wall, cpu);
}

/** Percentiles of per-query wall-clock and CPU milliseconds. */
export function latencyOf(wallMs: readonly number[], cpuMs: readonly number[]): Latency {
  const wall = [...wallMs].sort((a, b) => a - b);
  const cpu = [...cpuMs].sort((a, b) => a - b);
  return {
    p50: percentile(wall, 0.5),
    p99: percentile(wall, 0.99),
    mean: wall.reduce((s, x) => s + x, 0) / Math.max(1, wall.length),
    cpuP50: percentile(cpu, 0.5),
    cpuP99: percentile(cpu, 0.99),
    count: wall.length,
  };
}

/** Caps on query counts, for an engine too slow to run every query at this scale. */
export interface Cap {
  readonly keywords: number;
  readonly questions: number;
  readonly knownItems: number;
}

/**
 * Builds one engine over the corpus, then measures, in this order and alone
 * in the process: build time and heap, latency (after warm-up), known-item
 * and question-source success@10, and snapshot size and start-up time (from
 * a temporary file, once the built engine is unreachable).
 */
export async function measureEngine(
  spec: EngineSpec,
  corpus: Corpus,
  queries: QuerySet,
  log: (line: string) => void,
  cap?: Cap,
): Promise<EngineFigures> {
  const capped: QuerySet =
    cap === undefined
      ? queries
      : {
          ...queries,
          keywords: queries.keywords.slice(0, cap.keywords),
          questions: queries.questions.slice(0, cap.questions),
          questionSources: queries.questionSources.slice(0, cap.questions),
          knownItems: queries.knownItems.slice(0, cap.knownItems),
        };
  const file = path.join(tmpdir(), `qa-bench-${spec.name}-${corpus.scale}x.json`);
  const { saved, ...rest } = await measureBuilt(spec, corpus, capped, log, file);

  let snapshotMB: number | null = null;
  let loadSeconds: number | null = null;
  let loadCpuSeconds: number | null = null;
  if (saved) {
    collect();
    const cpuStart = process.cpuUsage();
    const loading = performance.now();
    const loaded = await spec.load?.(file, corpus);
    loadSeconds = (performance.now() - loading) / 1000;
    const used = process.cpuUsage(cpuStart);
    loadCpuSeconds = (used.user + used.system) / 1e6;
    snapshotMB = (await stat(file)).size / 2 ** 20;
    void loaded;
    await rm(file, { force: true });
    log(
      `  ${spec.name} ${corpus.scale}×: snapshot ${snapshotMB.toFixed(1)} MB, start-up from it ${loadSeconds.toFixed(2)} s`,
    );
  }
  return {
    ...rest,
    snapshotMB,
    loadSeconds,
    loadCpuSeconds,
    ...(cap === undefined
      ? {}
      : {
          capped: `${capped.keywords.length} keywords, ${capped.questions.length} questions, ${capped.knownItems.length} known items`,
        }),
  };
}

type BuiltFigures = Omit<EngineFigures, 'snapshotMB' | 'loadSeconds' | 'loadCpuSeconds' | 'capped'> & {
  saved: boolean;
};

async function measureBuilt(
  spec: EngineSpec,
  corpus: Corpus,
  queries: QuerySet,
  log: (line: string) => void,
  snapshotFile: string,
): Promise<BuiltFigures> {
  const heapBefore = heapMB();
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const engine = await spec.build(corpus);
  const buildSeconds = (performance.now() - started) / 1000;
  const cpuUsed = process.cpuUsage(cpuStart);
  const heap = heapMB() - heapBefore;
  log(`  ${spec.name} ${corpus.scale}×: built in ${buildSeconds.toFixed(1)} s, +${heap.toFixed(0)} MB`);

  for (let round = 0; round < 2; round++) await time((q) => engine.run(q), queries.warmup);
  collect();
  const keywords = await time((q) => engine.run(q), queries.keywords);
  const questions = await time((q) => engine.run(q), queries.questions);
  log(
    `  ${spec.name} ${corpus.scale}×: keywords p50 ${keywords.p50.toFixed(2)} p99 ${keywords.p99.toFixed(1)} ms, ` +
      `questions p50 ${questions.p50.toFixed(2)} ms`,
  );

  const hit = (ids: readonly number[] | undefined, target: number): number =>
    ids?.some((id) => id % corpus.base === target) === true ? 1 : 0;
  const found = { query: 0, noisy: 0, source: 0, queryIndex: 0, noisyIndex: 0, sourceIndex: 0 };
  for (const item of queries.knownItems) {
    for (const kind of ['query', 'noisy'] as const) {
      found[kind] += hit(await engine.top(item[kind], 10), item.target);
      found[`${kind}Index`] += hit(engine.topIndex?.(item[kind], 10), item.target);
    }
  }
  for (const [i, question] of queries.questions.entries()) {
    const source = queries.questionSources[i] ?? -1;
    found.source += hit(await engine.top(question, 10), source);
    found.sourceIndex += hit(engine.topIndex?.(question, 10), source);
  }
  const known = (n: number): number => n / Math.max(1, queries.knownItems.length);
  const asked = (n: number): number => n / Math.max(1, queries.questions.length);

  let indexKeywords: Latency | undefined;
  const topIndex = engine.topIndex;
  if (topIndex !== undefined) {
    await time((q) => topIndex(q, 12), queries.warmup);
    indexKeywords = await time((q) => topIndex(q, 12), queries.keywords);
  }

  const saved = engine.save !== undefined && spec.load !== undefined;
  if (saved) await engine.save?.(snapshotFile);
  return {
    engine: spec.name,
    label: spec.label,
    scale: corpus.scale,
    passages: corpus.passages.length,
    buildSeconds,
    buildCpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6,
    heapMB: heap,
    keywords,
    questions,
    knownItem: known(found.query),
    knownItemNoisy: known(found.noisy),
    questionSource: asked(found.source),
    ...(topIndex === undefined
      ? {}
      : {
          knownItemIndex: known(found.queryIndex),
          knownItemNoisyIndex: known(found.noisyIndex),
          questionSourceIndex: asked(found.sourceIndex),
        }),
    ...(indexKeywords === undefined ? {} : { indexKeywords }),
    saved,
  };
}
