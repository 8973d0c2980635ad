import autocannon from 'autocannon';
import { ownCpuMs, processCpuMs } from './cpu-time.js';
import type { SignedRequest } from './signed-requests.js';

/** What one autocannon run against one server measured. */
export interface LoadFigures {
  /** Responses per second, all statuses. */
  readonly rps: number;
  /** Responses per second that were what a user should get (2xx and the expected body). */
  readonly okRps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly responses: number;
  readonly ok: number;
  /** Responses that were not ok, by reason, e.g. `{ "401": 1, "200 rate-limited": 3 }`. */
  readonly notOk: Readonly<Record<string, number>>;
  /** Connection errors and timeouts, as autocannon counts them. */
  readonly errors: number;
  readonly durationS: number;
  /** The server's CPU use over the run, in cores (1 = one core busy all the time); undefined without /proc. */
  readonly serverCores: number | undefined;
  /** The server's CPU time over the run, in ms; undefined without /proc. */
  readonly serverCpuMs: number | undefined;
  /** The load generator's (this process's) CPU use over the run, in cores. */
  readonly generatorCores: number;
}

export interface LoadOptions {
  /** Server root, e.g. `http://127.0.0.1:3000`. */
  readonly base: string;
  readonly path: string;
  /** The server's process id, to read its CPU time. */
  readonly pid: number;
  /** Requests sent in turn, round-robin over every connection. */
  readonly pool: readonly SignedRequest[];
  readonly connections: number;
  readonly durationS: number;
  /** `ok` for the response a user should get; otherwise a short reason, counted in `notOk`. */
  readonly classify: (status: number, body: string) => string;
}

/**
 * Runs autocannon against one server: `connections` keep-alive connections,
 * one request in flight on each, for `durationS` seconds. Each request is
 * the next one of the pool, so every body and signature differs while the
 * load generator only copies bytes.
 *
 * @see https://github.com/mcollina/autocannon#api
 */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const { pool } = options;
  if (pool.length === 0) throw new Error('bench:e2e: runLoad() needs a non-empty pool');
  let next = 0;
  let ok = 0;
  const notOk: Record<string, number> = {};
  const serverBefore = processCpuMs(options.pid);
  const generatorBefore = ownCpuMs();
  const result = await autocannon({
    url: `${options.base}${options.path}`,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationS,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const item = pool[next++ % pool.length] ?? pool[0];
          return { ...request, method: 'POST', path: options.path, headers: item?.headers, body: item?.body };
        },
        onResponse: (status, body) => {
          const verdict = options.classify(status, body);
          if (verdict === 'ok') ok += 1;
          else notOk[verdict] = (notOk[verdict] ?? 0) + 1;
        },
      },
    ],
  });
  const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const durationS = result.duration;
  const serverAfter = processCpuMs(options.pid);
  const serverCpuMs = serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
  const generatorCores = (ownCpuMs() - generatorBefore) / 1000 / durationS;
  return {
    rps: responses / durationS,
    okRps: ok / durationS,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    responses,
    ok,
    notOk,
    errors: result.errors,
    durationS,
    serverCores: serverCpuMs === undefined ? undefined : serverCpuMs / 1000 / durationS,
    serverCpuMs,
    generatorCores,
  };
}
