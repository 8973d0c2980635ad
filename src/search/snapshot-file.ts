import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KnowledgeIndex, SEARCH_OPTIONS, type IndexSnapshot } from './knowledge-index.js';

/**
 * Bump when the analysis (tokenizing, stop words, stemming, passage
 * splitting) or the snapshot layout changes: older snapshots are then
 * ignored and the index is rebuilt.
 */
export const INDEX_FORMAT = 1;

/** Identifies the code that built a snapshot; a snapshot from other code is never used. */
export const INDEX_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify({ format: INDEX_FORMAT, options: SEARCH_OPTIONS }))
  .digest('hex')
  .slice(0, 12);

interface SnapshotFile {
  readonly fingerprint: string;
  readonly version: string;
  readonly index: IndexSnapshot;
}

/** Where `npm run build` writes the snapshot. */
export function snapshotPath(dataDir: string): string {
  return path.join(dataDir, 'index-snapshot.json');
}

/**
 * Writes an index snapshot atomically (a temporary file, then a rename), so
 * a crash mid-write never leaves a half snapshot behind.
 */
export function writeSnapshot(index: KnowledgeIndex, file: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  const body = JSON.stringify({
    fingerprint: INDEX_FINGERPRINT,
    version: index.knowledge.version,
    index: index.toSnapshot(),
  } satisfies SnapshotFile);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, body);
  renameSync(temporary, file);
  return Buffer.byteLength(body);
}

/**
 * Reads a snapshot if it was built by this code from exactly this knowledge
 * version. Anything else (missing, stale, corrupt, other code) gives
 * `undefined` and the reason, and the caller builds the index afresh.
 */
export function readSnapshot(file: string, version: string): { index?: KnowledgeIndex; reason: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { reason: 'no snapshot' };
  }
  try {
    const head = text.slice(0, 200);
    if (!head.includes(`"fingerprint":"${INDEX_FINGERPRINT}"`))
      return { reason: 'snapshot built by another version of the bot' };
    if (!head.includes(`"version":"${version}"`)) return { reason: 'snapshot is of other knowledge' };
    const parsed = JSON.parse(text) as SnapshotFile;
    if (parsed.version !== version || parsed.fingerprint !== INDEX_FINGERPRINT) return { reason: 'snapshot is stale' };
    return { index: KnowledgeIndex.fromSnapshot(parsed.index), reason: 'snapshot matches' };
  } catch (error) {
    return { reason: `snapshot unreadable (${(error as Error).message.slice(0, 80)})` };
  }
}
