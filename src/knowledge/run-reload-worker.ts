import { Worker } from 'node:worker_threads';
import { BotError } from '../errors.js';
import type { KnowledgeProblem } from './types.js';
import type { RebuildInput } from './rebuild.js';
import { PROGRESS_BYTES, readProgress } from './worker-progress.js';

/** What a reload worker hands back. */
export type WorkerResult =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'built';
      readonly version: string;
      /** The new index as snapshot bytes (see `decodeSnapshot`). */
      readonly snapshot: ArrayBuffer;
      readonly kept: readonly KnowledgeProblem[];
      readonly good: ReadonlyArray<readonly [string, Uint8Array]>;
    };

export interface WorkerLimits {
  /** The whole reload is abandoned after this long. */
  readonly timeoutMs: number;
  /** A single file that keeps the parser busy this long is named in the error (`KNOWLEDGE_FILE_SLOW`). */
  readonly fileBudgetMs: number;
  /** How the worker is started; tests replace it. Default: the `reload-worker` module beside this one. */
  readonly start?: (data: unknown) => Worker;
}

/** The reload worker's module, beside this one and with the same extension (`.ts` under tsx, `.js` compiled). */
export function startReloadWorker(data: unknown): Worker {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./reload-worker${ext}`, import.meta.url);
  if (ext === '.js') return new Worker(url, { workerData: data });
  // A worker does not inherit tsx's module hooks (Node 20): it registers them, then loads the module.
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true, workerData: data });
}

/**
 * Runs one reload in a worker thread, so that reading, parsing and indexing
 * never block the main thread. The worker is terminated when it crashes, runs
 * past `timeoutMs`, or spends `fileBudgetMs` on one file.
 *
 * @throws BotError `KNOWLEDGE_FILE_SLOW` (with `file`: the file's key) when one
 *   file took too long, `KNOWLEDGE_RELOAD_TIMEOUT`, or `KNOWLEDGE_RELOAD_CRASHED`
 */
export function runReloadWorker(input: RebuildInput, limits: WorkerLimits): Promise<WorkerResult> {
  const progress = new SharedArrayBuffer(PROGRESS_BYTES);
  const worker = (limits.start ?? startReloadWorker)({ input, progress });
  const started = Date.now();
  let seen = 0;
  let since = started;
  return new Promise<WorkerResult>((resolve, reject) => {
    const finish = (error: Error | undefined, result?: WorkerResult): void => {
      clearInterval(watchdog);
      void worker.terminate();
      if (error !== undefined) reject(error);
      else if (result !== undefined) resolve(result);
    };
    const watchdog = setInterval(
      () => {
        const now = Date.now();
        const { started: count, key } = readProgress(progress);
        if (count !== seen) [seen, since] = [count, now];
        else if (count > 0 && now - since > limits.fileBudgetMs) {
          const error = new BotError('KNOWLEDGE_FILE_SLOW', `parsing took longer than ${limits.fileBudgetMs} ms`);
          finish(Object.assign(error, { file: key }));
        }
        if (now - started > limits.timeoutMs)
          finish(new BotError('KNOWLEDGE_RELOAD_TIMEOUT', `the reload took longer than ${limits.timeoutMs} ms`));
      },
      Math.min(250, limits.fileBudgetMs),
    );
    watchdog.unref();
    worker.once('message', (result: WorkerResult) => finish(undefined, result));
    worker.once('error', (error) =>
      finish(new BotError('KNOWLEDGE_RELOAD_CRASHED', `the reload worker failed: ${error.message.split('\n')[0]}`)),
    );
    worker.once('exit', (code) =>
      finish(new BotError('KNOWLEDGE_RELOAD_CRASHED', `the reload worker exited (code ${code}) without a result`)),
    );
  });
}
