import type { Corpus } from '../lib/corpus.js';

/** One engine, built over the passages of a corpus. */
export interface BuiltEngine {
  /** Passage ids for a query, best first, at most `limit`. */
  top(query: string, limit: number): Promise<readonly number[]> | readonly number[];
  /** What a timed query runs: the engine's search for ten hits, or for ours the whole answer. */
  run(query: string): unknown;
  /** The retrieval stage alone, for an engine that composes answers on top of it. */
  topIndex?(query: string, limit: number): readonly number[];
  /** Writes the serialized index to `file`, for engines that can serialize. */
  save?(file: string): Promise<void>;
}

/** How the bench builds, and reloads, one engine. */
export interface EngineSpec {
  /** The name `--engines` takes. */
  readonly name: string;
  /** How the table names it. */
  readonly label: string;
  build(corpus: Corpus): Promise<BuiltEngine>;
  /** Start-up from `save()`'s file: reads it and rebuilds a searchable engine. */
  load?(file: string, corpus: Corpus): Promise<unknown>;
}
