import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import { KnowledgeAnswerer } from './answer/knowledge-answerer.js';
import { BotError } from './errors.js';
import {
  buildKnowledge,
  knowledgeVersion,
  readKnowledgeFiles,
  requireDocuments,
  type KnowledgeFile,
} from './knowledge/load-knowledge.js';
import { runReloadWorker, type WorkerLimits } from './knowledge/run-reload-worker.js';
import type { Knowledge, KnowledgeProblem } from './knowledge/types.js';
import { KnowledgeIndex } from './search/knowledge-index.js';
import { decodeSnapshot, readSnapshot } from './search/snapshot-file.js';
import { errorForLog } from './logger.js';

/** What a reload changed, counted in passages (by address). */
export interface KnowledgeChange {
  readonly version: string;
  readonly previous: string;
  readonly added: number;
  readonly removed: number;
  readonly edited: number;
  /** Files kept at their previous version because the new one is broken. */
  readonly kept: readonly KnowledgeProblem[];
}

/** What was loaded: the knowledge version and how many passages it holds. */
export interface LoadedKnowledge {
  readonly version: string;
  readonly passages: number;
}

export interface LiveKnowledgeOptions {
  readonly dir: string;
  readonly logger: Logger;
  /** `npm run build`'s snapshot: used at start-up when it matches the knowledge exactly. */
  readonly snapshotFile?: string;
  /** A larger knowledge file is skipped with a reason. Default 16 MiB. */
  readonly maxFileBytes?: number;
  /** Called after each successful (re)load; `change` is undefined for the first load. */
  readonly onLoad?: (loaded: LoadedKnowledge, change: KnowledgeChange | undefined) => void;
  /** Called when a reload fails and the previous version keeps serving. */
  readonly onReloadFailed?: () => void;
  /** Time limits of the reload worker. Default {@link RELOAD_LIMITS}. */
  readonly worker?: WorkerLimits;
}

/**
 * A reload (in its worker thread) is abandoned after 60 s; one file that
 * keeps the parser busy for 10 s is skipped, and the reload runs again without it.
 */
export const RELOAD_LIMITS: WorkerLimits = { timeoutMs: 60_000, fileBudgetMs: 10_000 };

/**
 * The knowledge being served, reloaded when the folder changes. A reload
 * builds a whole new index and then swaps it in with one assignment, so a
 * question is always answered from one consistent version, and questions
 * asked during a rebuild are answered from the old one. A file that breaks
 * keeps its last good version serving.
 */
export class LiveKnowledge {
  readonly #o: LiveKnowledgeOptions;
  #answerer: KnowledgeAnswerer;
  #good: Map<string, Uint8Array>;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<KnowledgeChange | undefined> | undefined;
  #again = false;
  /** Files (by key) that hung the parser, skipped until they change. */
  readonly #slow = new Map<string, string>();

  private constructor(options: LiveKnowledgeOptions, answerer: KnowledgeAnswerer, good: Map<string, Uint8Array>) {
    this.#o = options;
    this.#answerer = answerer;
    this.#good = good;
  }

  /**
   * Loads the folder for the first time.
   *
   * @throws BotError when the folder can't be read or holds no usable document
   */
  static async open(options: LiveKnowledgeOptions): Promise<LiveKnowledge> {
    const { files, problems } = await readKnowledgeFiles(options.dir, readOptions(options));
    const snapshot =
      options.snapshotFile === undefined ? undefined : readSnapshot(options.snapshotFile, knowledgeVersion(files));
    if (snapshot !== undefined) options.logger.info({ file: options.snapshotFile }, `index: ${snapshot.reason}`);
    const index =
      snapshot?.index ?? KnowledgeIndex.build(requireDocuments(buildKnowledge(files, problems), options.dir));
    const knowledge = index.knowledge;
    for (const p of knowledge.problems) options.logger.warn({ file: p.file }, `knowledge: skipped ${p.message}`);
    const answerer = new KnowledgeAnswerer(index);
    const live = new LiveKnowledge(options, answerer, goodFiles(files, knowledge));
    options.onLoad?.(loadedOf(knowledge), undefined);
    return live;
  }

  /** The answerer for the current version. */
  get answerer(): KnowledgeAnswerer {
    return this.#answerer;
  }

  /**
   * Reads the folder again and swaps in the new version if it changed.
   * Resolves with what changed, or undefined when nothing did. Concurrent
   * calls share one reload (and queue one more).
   */
  reload(): Promise<KnowledgeChange | undefined> {
    if (this.#reloading !== undefined) {
      this.#again = true;
      return this.#reloading;
    }
    this.#reloading = this.#reload().finally(() => {
      this.#reloading = undefined;
      if (this.#again) {
        this.#again = false;
        void this.reload();
      }
    });
    return this.#reloading;
  }

  /**
   * Watches the folder and reloads on changes: `debounceMs` after the last
   * change, but never later than `maxWaitMs` after the first one, so a folder
   * that keeps changing (a long copy) is still reloaded every `maxWaitMs`.
   * Resolves once the watcher has seen the whole folder; a change made before
   * then is caught by one reload at that moment.
   */
  watch(debounceMs = 300, maxWaitMs = 2_000): Promise<void> {
    if (this.#watcher !== undefined) return Promise.resolve();
    let first: number | undefined;
    const fire = (): void => {
      first = undefined;
      void this.reload();
    };
    // chokidar watches each folder on its own and reads folders asynchronously, where Node 20's
    // recursive `fs.watch` on Linux reads every new folder synchronously (a 5,000-file copy froze
    // answering for half a minute). Symlinks are not followed: the safe walk decides what is read.
    const watcher = watch(this.#o.dir, { ignoreInitial: true, followSymlinks: false });
    this.#watcher = watcher;
    watcher.on('all', () => {
      const now = Date.now();
      first ??= now;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(fire, Math.max(0, Math.min(debounceMs, first + maxWaitMs - now)));
      this.#timer.unref();
    });
    const ready = new Promise<void>((resolve) =>
      watcher.once('ready', () => {
        resolve();
        // A change made while the watcher was starting: checked here (reading and hashing, no parsing), so
        // that a start-up with no such change starts no worker.
        void this.#changed().then((changed) => (changed ? this.reload() : undefined));
      }),
    );
    watcher.on('error', (error) =>
      this.#o.logger.error(
        { err: errorForLog(error) },
        'knowledge: watching the folder failed; restart to pick up changes',
      ),
    );
    return ready;
  }

  /** Whether the folder's files differ from the version being served. */
  async #changed(): Promise<boolean> {
    try {
      const { files } = await readKnowledgeFiles(this.#o.dir, readOptions(this.#o));
      return knowledgeVersion(files) !== this.#answerer.index.knowledge.version;
    } catch {
      return true;
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    void this.#watcher?.close();
    this.#watcher = undefined;
  }

  async #reload(): Promise<KnowledgeChange | undefined> {
    const { logger } = this.#o;
    const previous = this.#answerer.index.knowledge;
    try {
      const input = { dir: this.#o.dir, previousVersion: previous.version, good: this.#good, skip: this.#slow };
      const result = await runReloadWorker(
        this.#o.maxFileBytes === undefined ? input : { ...input, maxFileBytes: this.#o.maxFileBytes },
        this.#o.worker ?? RELOAD_LIMITS,
      );
      if (result.kind === 'unchanged') return undefined;
      if (result.kind === 'empty') {
        logger.error('knowledge: the folder has no usable document any more; still serving the previous version');
        this.#o.onReloadFailed?.();
        return undefined;
      }
      // The only reload work on the main thread: checking and reading the snapshot bytes the worker built.
      const started = performance.now();
      const { index, reason } = decodeSnapshot(Buffer.from(result.snapshot), result.version);
      if (index === undefined) throw new Error(`the reload worker's index is unusable: ${reason}`);
      const knowledge = index.knowledge;
      for (const p of result.kept)
        logger.error({ file: p.file }, `knowledge: ${p.message}; still serving its previous version`);
      for (const p of knowledge.problems) logger.warn({ file: p.file }, `knowledge: skipped ${p.message}`);
      if (knowledge.version === previous.version) return undefined;
      const answerer = new KnowledgeAnswerer(index);
      const change = { ...diff(previous, knowledge), kept: result.kept };
      const mainThreadMs = Math.round(performance.now() - started);
      this.#answerer = answerer;
      this.#good = new Map(result.good);
      logger.info(
        {
          version: change.version,
          previous: change.previous,
          added: change.added,
          removed: change.removed,
          edited: change.edited,
          mainThreadMs,
        },
        `knowledge reloaded: ${change.added} passages added, ${change.removed} removed, ${change.edited} edited`,
      );
      this.#o.onLoad?.(loadedOf(knowledge), change);
      return change;
    } catch (error) {
      const file = (error as { file?: unknown }).file;
      if (error instanceof BotError && error.code === 'KNOWLEDGE_FILE_SLOW' && typeof file === 'string') {
        // The file is skipped from now on (until it changes), and the reload runs again without it.
        const name = file.slice(file.indexOf(' ') + 1);
        logger.error({ file: name }, `knowledge: ${name}: ${error.message}; skipped, reloading without it`);
        this.#slow.set(file, `${error.message}; not parsed`);
        this.#again = true;
      } else logger.error({ err: errorForLog(error) }, 'knowledge: reload failed; still serving the previous version');
      this.#o.onReloadFailed?.();
      return undefined;
    }
  }
}

function loadedOf(knowledge: Knowledge): LoadedKnowledge {
  return { version: knowledge.version, passages: knowledge.passages.length };
}

function readOptions(o: LiveKnowledgeOptions): { maxFileBytes?: number } {
  return o.maxFileBytes === undefined ? {} : { maxFileBytes: o.maxFileBytes };
}

function goodFiles(files: readonly KnowledgeFile[], knowledge: Knowledge): Map<string, Uint8Array> {
  const loaded = new Set(knowledge.documents.map((d) => d.file));
  return new Map(files.filter((f) => loaded.has(f.file)).map((f) => [f.file, f.bytes]));
}

function diff(before: Knowledge, after: Knowledge): Omit<KnowledgeChange, 'kept'> {
  const old = new Map(before.passages.map((p) => [p.address, p.text]));
  const now = new Map(after.passages.map((p) => [p.address, p.text]));
  let added = 0;
  let edited = 0;
  for (const [address, text] of now) {
    const was = old.get(address);
    if (was === undefined) added++;
    else if (was !== text) edited++;
  }
  const removed = [...old.keys()].filter((a) => !now.has(a)).length;
  return { version: after.version, previous: before.version, added, removed, edited };
}
