import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** A Node process the benchmark started: the bot, or a bare ceiling server. */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  /** The last few kilobytes of its standard error, for a failure message. */
  stderrTail(): string;
  /** Lines it logged at warn or above (pino JSON with level ≥ 40), or any non-JSON line on stderr. */
  warnings(): string[];
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

export interface SpawnOptions {
  readonly name: string;
  /** Script run with `node --import tsx`, relative to the working directory. */
  readonly script: string;
  readonly port: number;
  /** The whole environment of the child (nothing is inherited but PATH and HOME). */
  readonly env: Readonly<Record<string, string>>;
  /** Resolves true once the child serves; polled until `timeoutMs`. */
  readonly ready: (child: Child) => Promise<boolean>;
  readonly timeoutMs?: number;
  /** Write V8 CPU profiles (`--cpu-prof`) into `<profileDir>/<name>/` when the child exits. */
  readonly profileDir?: string | undefined;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every child still running: for an abrupt end of the benchmark. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/**
 * Starts `node --import tsx <script>` and waits until `ready` says it serves.
 * If the benchmark process exits first, the child is killed with it.
 *
 * @throws Error with the child's standard error when it exits or is not ready in time
 */
export async function spawnNode(options: SpawnOptions): Promise<Child> {
  if (!exitHookInstalled) {
    process.once('exit', killAll);
    exitHookInstalled = true;
  }
  const flags = ['--import', 'tsx'];
  // One folder per child: tsx's loader runs on a worker thread, which writes a profile of its own.
  if (options.profileDir !== undefined)
    flags.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profileDir, options.name)}`);
  const proc = spawn(process.execPath, [...flags, options.script], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(proc);
  let tail = '';
  const warnings: string[] = [];
  let partial = '';
  proc.stdout?.resume();
  proc.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-4000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (isWarning(line)) warnings.push(line);
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      live.delete(proc);
      resolve(code);
    }),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const child: Child = {
    name: options.name,
    pid: proc.pid ?? -1,
    port: options.port,
    stderrTail: () => tail,
    warnings: () => [...warnings],
    stop: async (graceMs = 15_000) => {
      if (!gone) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (gone) throw new Error(`bench:e2e: ${options.name} exited before it was ready:\n${tail}`);
    if (await options.ready(child).catch(() => false)) return child;
    if (Date.now() > deadline) {
      await child.stop(2000);
      throw new Error(`bench:e2e: ${options.name} was not ready within ${options.timeoutMs ?? 30_000} ms:\n${tail}`);
    }
    await sleep(50);
  }
}

function isWarning(line: string): boolean {
  if (line.trim() === '') return false;
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level !== 'number' || level >= 40;
  } catch {
    return true;
  }
}

/** Whether `GET url` answers `status` (default 200). */
export async function answers(url: string, status = 200): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await response.arrayBuffer();
  return response.status === status;
}

/**
 * The main thread's profile among those `--cpu-prof` wrote for a child:
 * `CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile`, thread 0.
 */
export function mainThreadProfile(dir: string, pid: number): string | undefined {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((f) => f.includes(`.${pid}.0.`) && f.endsWith('.cpuprofile'));
  return name === undefined ? undefined : path.join(dir, name);
}

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
