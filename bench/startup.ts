/**
 * `npm run bench:startup`: how long the bot takes from process start to its
 * first answer, as a user sees it: `node --import tsx adapters/main.ts` with
 * one question piped in, timed until the answer is printed. Node's own
 * start, TypeScript loading, reading and indexing the knowledge included.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RUNS = Number(process.argv[2] ?? 7);

function once(dataDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let seen = false;
    child.stdout.on('data', () => {
      if (seen) return;
      seen = true;
      resolve(performance.now() - started);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!seen) reject(new Error(`bot exited with ${code} before answering`));
    });
    child.stdin.end('What is APEC?\n');
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'startup-'));
const times: number[] = [];
await once(dataDir); // warm the file cache
for (let i = 0; i < RUNS; i++) times.push(await once(dataDir));
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? NaN;
console.log(
  `start to first answer, ${RUNS} runs: median ${median.toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms`,
);
