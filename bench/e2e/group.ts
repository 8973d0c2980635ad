import { runLoad, type LoadFigures } from './load.js';
import type { SignedRequest } from './signed-requests.js';

/** One server under load: where it listens and what a good response is. */
export interface Target {
  readonly name: string;
  /** The server's process id, to read its CPU time. */
  readonly pid: number;
  /** e.g. `http://127.0.0.1:3000` */
  readonly base: string;
  readonly path: string;
  /** `ok` for the response a user should get; otherwise a short reason, counted apart. */
  readonly classify: (status: number, body: string) => string;
}

export interface GroupOptions {
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly rounds: number;
  /** A fresh pool of signed requests (built per run, so timestamps stay fresh). */
  readonly pool: () => SignedRequest[];
  /** Called around each measured run, e.g. to mark a profile window. */
  readonly onRun?: (target: Target, phase: 'start' | 'end') => void;
  readonly log: (line: string) => void;
}

const pct = (x: number | undefined): string => (x === undefined ? '?' : `${(x * 100).toFixed(0)}%`);

/**
 * Loads our server and its ceilings with the same autocannon settings, back
 * to back: a warm-up of each, then `rounds` rounds, every other one in
 * reverse order (A B C, C B A, …), so that drift in the machine's load hits
 * every server alike. Returns each target's measured runs, in target order.
 */
export async function measureGroup(targets: readonly Target[], options: GroupOptions): Promise<LoadFigures[][]> {
  const run = async (target: Target, durationS: number, measured: boolean): Promise<LoadFigures> => {
    const pool = options.pool();
    if (measured) options.onRun?.(target, 'start');
    const figures = await runLoad({
      base: target.base,
      path: target.path,
      pid: target.pid,
      pool,
      connections: options.connections,
      durationS,
      classify: target.classify,
    });
    if (measured) options.onRun?.(target, 'end');
    return figures;
  };
  for (const target of targets) {
    const warm = await run(target, options.warmupS, false);
    options.log(`  warm-up ${target.name}: ${warm.rps.toFixed(0)} req/s`);
    if (warm.ok === 0) {
      const sample = await sampleResponse(target, options.pool());
      throw new Error(`bench:e2e: ${target.name} gave no good response during the warm-up; one response: ${sample}`);
    }
  }
  const figures: LoadFigures[][] = targets.map(() => []);
  for (let round = 0; round < options.rounds; round += 1) {
    const order = targets.map((target, i) => ({ target, i }));
    if (round % 2 === 1) order.reverse();
    for (const { target, i } of order) {
      const f = await run(target, options.durationS, true);
      figures[i]?.push(f);
      options.log(
        `  round ${round + 1} ${target.name}: ${f.okRps.toFixed(0)} ok req/s, p99 ${f.p99Ms} ms, ` +
          `server CPU ${pct(f.serverCores)} of a core, load generator ${pct(f.generatorCores)}` +
          (Object.keys(f.notOk).length > 0 ? `, not ok ${JSON.stringify(f.notOk)}` : '') +
          (f.errors > 0 ? `, ${f.errors} errors` : ''),
      );
    }
  }
  return figures;
}

/** One request of the pool, sent by hand, to say what a failing server answers. */
async function sampleResponse(target: Target, pool: readonly SignedRequest[]): Promise<string> {
  const item = pool[0];
  if (item === undefined) return '(empty pool)';
  try {
    const response = await fetch(`${target.base}${target.path}`, {
      method: 'POST',
      headers: item.headers,
      body: item.body,
    });
    const body = await response.text();
    return `${target.classify(response.status, body)}: ${body.slice(0, 200)}`;
  } catch (error) {
    return String(error);
  }
}

/** A server's runs summed up: mean throughput and CPU over the rounds, worst p99. */
export interface LoadSummary {
  readonly okRps: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly notOk: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly serverCores: number | undefined;
  /**
   * The server's CPU time per response, in ms: what a response costs, however
   * much of a core the machine let the server have. Undefined without /proc.
   */
  readonly cpuMsPerResponse: number | undefined;
  readonly generatorCores: number;
  readonly runs: readonly LoadFigures[];
}

export function summarize(runs: readonly LoadFigures[]): LoadSummary {
  const mean = (f: (r: LoadFigures) => number): number => runs.reduce((s, r) => s + f(r), 0) / Math.max(1, runs.length);
  const notOk: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.notOk)) notOk[k] = (notOk[k] ?? 0) + v;
  return {
    okRps: mean((r) => r.okRps),
    rps: mean((r) => r.rps),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: Math.max(0, ...runs.map((r) => r.p99Ms)),
    ok: runs.reduce((s, r) => s + r.ok, 0),
    notOk,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    serverCores: runs.every((r) => r.serverCores !== undefined) ? mean((r) => r.serverCores ?? 0) : undefined,
    cpuMsPerResponse: runs.every((r) => r.serverCpuMs !== undefined)
      ? runs.reduce((sum, r) => sum + (r.serverCpuMs ?? 0), 0) /
        Math.max(
          1,
          runs.reduce((sum, r) => sum + r.responses, 0),
        )
      : undefined,
    generatorCores: mean((r) => r.generatorCores),
    runs,
  };
}
