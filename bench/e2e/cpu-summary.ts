import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/** A V8 CPU profile as `node --cpu-prof` writes it. Times are microseconds of the monotonic clock. */
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where one process spent a window of time. */
export interface CpuSummary {
  readonly windowMs: number;
  /** Milliseconds with something on the CPU (not `(idle)`). */
  readonly busyMs: number;
  /** Self time by part of the program, busiest first: e.g. `node: http`, `@slack/bolt`, `src (core)`. */
  readonly byPart: ReadonlyArray<{ readonly part: string; readonly ms: number }>;
  /** The functions with the most self time. */
  readonly topFunctions: ReadonlyArray<{ readonly name: string; readonly ms: number }>;
  /** This project's functions (src/, adapters/) with the most time spent in them or below them. */
  readonly ownInclusive: ReadonlyArray<{ readonly name: string; readonly ms: number }>;
}

/** Microseconds of the monotonic clock, the one V8 stamps profile samples with (on Linux, CLOCK_MONOTONIC). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self time per part of the program and per function, in the windows
 * given (monotonic microseconds), from a `--cpu-prof` file.
 */
export function summarizeProfile(
  file: string,
  windows: ReadonlyArray<readonly [number, number]>,
  top = 12,
): CpuSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (!windows.some(([from, to]) => t >= from && t <= to)) return;
    const node = byId.get(id);
    if (node === undefined) return;
    const ms = delta / 1000;
    const part = partOf(node);
    if (part === '(idle)') return;
    busy += ms;
    parts.set(part, (parts.get(part) ?? 0) + ms);
    functions.set(nameOf(node), (functions.get(nameOf(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n !== undefined; n = byId.get(parent.get(n.id) ?? -1)) {
      if (!/\/(src|adapters)\//.test(n.callFrame.url) || n.callFrame.url.includes('node_modules')) continue;
      const name = nameOf(n);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  const sorted = (m: Map<string, number>): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1]);
  return {
    windowMs: windows.reduce((s, [from, to]) => s + (to - from) / 1000, 0),
    busyMs: busy,
    byPart: sorted(parts).map(([part, ms]) => ({ part, ms })),
    topFunctions: sorted(functions)
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms })),
    ownInclusive: sorted(inclusive)
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms })),
  };
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(node_modules|src|adapters|bench)\//, '$1/');
}

/** The part of the program a sample belongs to, from its file. */
function partOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) {
    const module = url.slice('node:'.length).replace(/^internal\//, '');
    if (/^(_http|http|.*\/http)/.test(module)) return 'node: http';
    if (/^(net|stream|.*streams?\/|tcp|.*\/net)/.test(module)) return 'node: net, streams';
    if (/crypto/.test(module)) return 'node: crypto';
    if (/(timers|process\/task_queues|async_hooks|.*promise)/.test(module)) return 'node: timers, promises';
    return 'node: other';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  if (url.includes('/src/')) return 'src (core)';
  if (url.includes('/adapters/')) return 'adapters';
  return 'other';
}
