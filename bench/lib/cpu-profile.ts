import { Session } from 'node:inspector/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

/** A V8 CPU profile, as `node --cpu-prof` or the inspector writes it. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function's share of a profile. */
export interface FunctionTime {
  readonly name: string;
  /** Milliseconds with the function itself on top of the stack. */
  readonly self: number;
  /** Milliseconds with the function anywhere on the stack. */
  readonly total: number;
}

/**
 * Profiles `work` with the V8 sampling profiler, in-process, so that one
 * phase (build, or asking) is profiled apart from the others.
 */
export async function profile(work: () => Promise<void> | void, intervalMicros = 200): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await session.post('Profiler.start');
  await work();
  const { profile: result } = await session.post('Profiler.stop');
  session.disconnect();
  return result as unknown as CpuProfile;
}

/** Self and total time per function (named `function file:line`), most total time first. */
export function summarize(profile: CpuProfile): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode): string => {
    const file = n.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/');
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const top = byId.get(id);
    if (top === undefined) return;
    self.set(key(top), (self.get(key(top)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = top; n !== undefined; n = byId.get(parent.get(n.id) ?? -1)) {
      const k = key(n);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  return [...total.entries()]
    .map(([name, t]) => ({ name, self: self.get(name) ?? 0, total: t }))
    .sort((a, b) => b.total - a.total);
}
