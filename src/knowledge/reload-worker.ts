/**
 * The worker thread that runs a reload (see `run-reload-worker.ts`): reads the
 * folder, parses, builds the index and posts it back as snapshot bytes,
 * transferred rather than copied. Before each file it writes that file's key
 * into the shared progress buffer, so the main thread can name a file that
 * hangs the parser.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeIndex } from '../search/knowledge-index.js';
import { encodeSnapshot } from '../search/snapshot-file.js';
import { rebuildKnowledge, type RebuildInput } from './rebuild.js';
import { writeProgress } from './worker-progress.js';

const { input, progress } = workerData as { input: RebuildInput; progress: SharedArrayBuffer };
const result = await rebuildKnowledge(input, (key) => writeProgress(progress, key));
if (result.kind === 'unchanged' || result.knowledge.documents.length === 0) {
  parentPort?.postMessage({ kind: result.kind === 'unchanged' ? 'unchanged' : 'empty' });
} else {
  const bytes = encodeSnapshot(KnowledgeIndex.build(result.knowledge));
  const snapshot = new Uint8Array(bytes).buffer;
  // Fresh copies, so that their buffers can be transferred (a file's bytes may share a pooled buffer).
  const good = [...result.good].map(([file, b]) => [file, Uint8Array.from(b)] as const);
  parentPort?.postMessage(
    { kind: 'built', version: result.knowledge.version, snapshot, kept: result.kept, good },
    [snapshot, ...good.map(([, b]) => b.buffer)],
  );
}
