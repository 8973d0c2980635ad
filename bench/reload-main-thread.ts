/**
 * `npx tsx bench/reload-main-thread.ts`: the main thread's share of a live
 * reload. The worker reads, parses and indexes; the main thread only checks
 * and reads the snapshot bytes it hands back (`decodeSnapshot`), then swaps
 * the answerer in. Timed here, median of 5, on the essay (`knowledge/`) and
 * on the essay plus 8,000 small files (the real-process test's folder).
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';
import { decodeSnapshot, encodeSnapshot } from '../src/search/snapshot-file.js';
import { writeBulkNotes } from '../tests/helpers/bulk-notes.js';

function largeFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reload-bench-'));
  cpSync('knowledge', dir, { recursive: true });
  writeBulkNotes(dir, 80);
  return dir;
}

async function measure(name: string, dir: string): Promise<void> {
  const knowledge = await loadKnowledge(dir);
  const built = performance.now();
  const bytes = encodeSnapshot(KnowledgeIndex.build(knowledge));
  const buildMs = performance.now() - built;
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const { index } = decodeSnapshot(Buffer.from(bytes), knowledge.version);
    if (index === undefined) throw new Error('snapshot unreadable');
    new KnowledgeAnswerer(index);
    times.push(performance.now() - started);
  }
  const median = times.sort((a, b) => a - b)[2] ?? 0;
  console.log(
    `${name}: ${knowledge.documents.length} documents, ${knowledge.passages.length} passages, ` +
      `snapshot ${(bytes.length / 1e6).toFixed(1)} MB; built and encoded in ${buildMs.toFixed(0)} ms (in the worker), ` +
      `read on the main thread in ${median.toFixed(0)} ms (median of 5)`,
  );
}

await measure('essay', 'knowledge');
await measure('essay + 8,000 files', largeFolder());
