import { spawn, type ChildProcess } from 'node:child_process';

/** The real bot (`adapters/main.ts`) in a child process, with its output kept. */
export interface SpawnedBot {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  /** Waits until stderr holds `text`, up to `ms`; whether it did. */
  waitFor(text: string, ms?: number): Promise<boolean>;
  /** Ends the process (SIGKILL) if it still runs. */
  kill(): void;
}

/**
 * Starts the bot as `npm start` would, with only `env` (and PATH) set. Input
 * is piped (`input`, then closed) or ignored.
 */
export function spawnBot(env: Record<string, string>, input?: string): SpawnedBot {
  const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  if (input !== undefined) child.stdin?.end(input);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(text, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (!err.includes(text) && !done && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return err.includes(text);
    },
    kill() {
      if (!done) child.kill('SIGKILL');
    },
  };
}
