import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { LiveKnowledge } from '../src/live-knowledge.js';
import { fileKey } from '../src/knowledge/rebuild.js';
import { startReloadWorker } from '../src/knowledge/run-reload-worker.js';
import { capturingLogger } from './helpers/logs.js';

function copyOfKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'worker-'));
  cpSync('knowledge', dir, { recursive: true });
  writeFileSync(path.join(dir, 'mongolia.md'), '# Mongolia\n\nThe capital of Mongolia is Ulaanbaatar.\n');
  return dir;
}

/** A worker that runs `code` (CommonJS) instead of the reload. */
const fake = (code: string) => (data: unknown) => new Worker(code, { eval: true, workerData: data });

/** Opens the folder, then serves with workers started by `start`; counts failed reloads. */
async function open(
  dir: string,
  start: (data: unknown) => Worker,
  limits = { timeoutMs: 30_000, fileBudgetMs: 2_000 },
) {
  const { logger, lines } = capturingLogger();
  let failed = 0;
  const live = await LiveKnowledge.open({
    dir,
    logger,
    onReloadFailed: () => failed++,
    worker: { ...limits, start },
  });
  return { live, lines, failed: () => failed };
}

describe('a reload worker that fails (issue 13, item 5)', () => {
  it('crashes: the previous version keeps serving, one line is logged, the failure is counted', async () => {
    const dir = copyOfKnowledge();
    const { live, lines, failed } = await open(dir, fake("throw new Error('boom')"));
    const version = live.answerer.version;
    writeFileSync(path.join(dir, 'new.md'), '# New\n\nThe Arctic route.\n');
    expect(await live.reload()).toBeUndefined();
    expect(live.answerer.version).toBe(version);
    expect(live.answerer.ask('What is the capital of Mongolia?').answered).toBe(true);
    expect(failed()).toBe(1);
    const errors = lines().filter((l) => l['level'] === 50);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('boom');
  });

  it('hangs: it is terminated after the time budget and the previous version keeps serving', async () => {
    const dir = copyOfKnowledge();
    const { live, lines, failed } = await open(dir, fake('for (;;) {}'), { timeoutMs: 1_000, fileBudgetMs: 60_000 });
    const version = live.answerer.version;
    writeFileSync(path.join(dir, 'new.md'), '# New\n\nThe Arctic route.\n');
    const started = Date.now();
    expect(await live.reload()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(live.answerer.version).toBe(version);
    expect(live.answerer.ask('What is the capital of Mongolia?').answered).toBe(true);
    expect(failed()).toBe(1);
    expect(JSON.stringify(lines().filter((l) => l['level'] === 50))).toContain('KNOWLEDGE_RELOAD_TIMEOUT');
  });

  it('the next change retries with a working worker and serves the new knowledge', async () => {
    const dir = copyOfKnowledge();
    let calls = 0;
    const { live, failed } = await open(dir, (data) =>
      calls++ === 0 ? fake("throw new Error('boom')")(data) : startReloadWorker(data),
    );
    writeFileSync(path.join(dir, 'new.md'), '# New\n\nThe tundra route is new.\n');
    expect(await live.reload()).toBeUndefined();
    expect(await live.reload()).toMatchObject({ added: 1 });
    expect(failed()).toBe(1);
    expect(live.answerer.ask('Which route is new?').answered).toBe(true);
  }, 60_000);

  it('stuck on one file: that file is skipped with a reason, and the reload runs again without it', async () => {
    const dir = copyOfKnowledge();
    const key = fileKey({ file: 'stuck.md', bytes: Buffer.from('# Stuck\n\nThe parser never finishes this one.\n') });
    // The first worker reports that it starts on stuck.md, then never finishes; the next ones are real.
    const stuck = `const { workerData } = require('node:worker_threads');
      const bytes = new TextEncoder().encode(${JSON.stringify(key)});
      new Uint8Array(workerData.progress, 8).set(bytes);
      const counts = new Int32Array(workerData.progress, 0, 2);
      counts[1] = bytes.length; counts[0] = 1;
      for (;;) {}`;
    let calls = 0;
    const { live, lines, failed } = await open(dir, (data) =>
      calls++ === 0 ? fake(stuck)(data) : startReloadWorker(data),
    );
    const version = live.answerer.version;
    writeFileSync(path.join(dir, 'stuck.md'), '# Stuck\n\nThe parser never finishes this one.\n');
    writeFileSync(path.join(dir, 'new.md'), '# New\n\nThe tundra route is new.\n');
    expect(await live.reload()).toBeUndefined();
    expect(failed()).toBe(1);
    const deadline = Date.now() + 30_000;
    while (live.answerer.version === version && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(live.answerer.ask('Which route is new?').answered).toBe(true);
    expect(live.answerer.index.knowledge.problems.map((p) => p.message)).toEqual([
      'stuck.md: parsing took longer than 2000 ms; not parsed',
    ]);
    expect(JSON.stringify(lines())).toContain(
      'stuck.md: parsing took longer than 2000 ms; skipped, reloading without it',
    );
  }, 60_000);
});
