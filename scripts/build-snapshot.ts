/**
 * `npm run build`: indexes KNOWLEDGE_DIR and writes a snapshot to
 * DATA_DIR/index-snapshot.bin. Start-up loads it instead of indexing when
 * the knowledge is byte-for-byte the same; otherwise it is ignored.
 */
import { ConfigError, parseConfig } from '../adapters/config.js';
import { BotError } from '../src/errors.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';
import { snapshotPath, writeSnapshot } from '../src/search/snapshot-file.js';

try {
  const config = parseConfig(process.env);
  const started = performance.now();
  const knowledge = await loadKnowledge(config.KNOWLEDGE_DIR);
  for (const p of knowledge.problems) process.stderr.write(`knowledge: skipped ${p.message}\n`);
  const index = KnowledgeIndex.build(knowledge);
  const file = snapshotPath(config.DATA_DIR);
  const bytes = writeSnapshot(index, file);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stdout.write(
    `wrote ${file}: ${knowledge.passages.length} passages from ${knowledge.documents.length} documents, knowledge ${knowledge.version}, ${(bytes / 1e6).toFixed(2)} MB in ${seconds} s\n`,
  );
} catch (error) {
  if (error instanceof ConfigError || error instanceof BotError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else throw error;
}
