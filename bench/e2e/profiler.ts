import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { mainThreadProfile, type Child } from './child.js';
import { monotonicMicros, summarizeProfile, type CpuSummary } from './cpu-summary.js';

/**
 * CPU profiles of the servers, cut to the measured runs: children started
 * with `profileDir` write `--cpu-prof` files on exit; `mark` notes when each
 * measured run starts and ends; `collect` summarizes a child's profile over
 * those windows once it has exited.
 */
export class Profiler {
  readonly dir: string;
  readonly summaries: Record<string, CpuSummary> = {};
  readonly #windows = new Map<string, Array<[number, number]>>();

  constructor(dir: string) {
    this.dir = dir;
  }

  mark(name: string, phase: 'start' | 'end'): void {
    const list = this.#windows.get(name) ?? [];
    if (phase === 'start') list.push([monotonicMicros(), Number.POSITIVE_INFINITY]);
    else {
      const last = list[list.length - 1];
      if (last !== undefined) last[1] = monotonicMicros();
    }
    this.#windows.set(name, list);
  }

  /** Reads an exited child's main-thread profile; returns a note when there is none. */
  collect(child: Child): string | undefined {
    const file = mainThreadProfile(path.join(this.dir, child.name), child.pid);
    if (file === undefined) return `no profile for ${child.name}: no main-thread profile was written`;
    const windows = this.#windows.get(child.name) ?? [];
    // The measured windows next to the profile, for a closer look with other tools.
    writeFileSync(`${file}.windows.json`, `${JSON.stringify(windows)}\n`);
    this.summaries[child.name] = summarizeProfile(file, windows);
    return undefined;
  }

  /** The summaries as a Markdown list: share of busy time by part, own code (inclusive), top functions (self). */
  markdown(): string {
    const lines = [
      '',
      '**Where the time goes** (during the measured runs, from `--cpu-prof`; shares of the busy time. The samples are ' +
        'wall-clock, so "busy" also counts time a server waited for a core.)',
      '',
    ];
    for (const [name, p] of Object.entries(this.summaries)) {
      const share = (ms: number): string => `${((ms / Math.max(1, p.busyMs)) * 100).toFixed(0)}%`;
      const list = (items: ReadonlyArray<{ name: string; ms: number }>): string =>
        items
          .slice(0, 8)
          .map((f) => `\`${f.name}\` ${share(f.ms)}`)
          .join(', ');
      lines.push(
        `- ${name}: busy ${(p.busyMs / 1000).toFixed(1)} s of ${(p.windowMs / 1000).toFixed(1)} s. Self time by part: ` +
          p.byPart
            .slice(0, 8)
            .map((x) => `${x.part} ${share(x.ms)}`)
            .join(', '),
        `  - own code, inclusive: ${list(p.ownInclusive)}`,
        `  - top functions, self: ${list(p.topFunctions)}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}
