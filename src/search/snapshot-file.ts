import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import {
  KnowledgeIndex,
  SEARCH_OPTIONS,
  SNAPSHOT_ARRAYS,
  type IndexSnapshot,
  type SnapshotArray,
} from './knowledge-index.js';

/**
 * Bump when the analysis (tokenizing, stop words, stemming, passage
 * splitting) or the snapshot layout changes: older snapshots are then
 * ignored and the index is rebuilt.
 */
export const INDEX_FORMAT = 5;

/** Identifies the code that built a snapshot; a snapshot from other code is never used. */
export const INDEX_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify({ format: INDEX_FORMAT, options: SEARCH_OPTIONS, endianness: os.endianness() }))
  .digest('hex')
  .slice(0, 12);

/** The first bytes of a snapshot file. */
const MAGIC = 'qa-index';

/** The last bytes of a snapshot file: the SHA-256 of every byte before them. */
const CHECKSUM_BYTES = 32;

/**
 * The header that opens a snapshot file, after `MAGIC` and its own length
 * (4 bytes): who built it, from which knowledge, and the index's small parts.
 * The typed arrays follow (4-byte aligned, little-endian, lengths here), then
 * the passage texts as UTF-8 (byte lengths here), then the SHA-256 of all the
 * bytes before it, checked before anything else is read.
 */
interface SnapshotHeader {
  readonly fingerprint: string;
  readonly version: string;
  readonly meta: IndexSnapshot['meta'];
  readonly lengths: Readonly<Record<SnapshotArray | TextArray, number>>;
}

/** After the index's arrays: each passage text's length in UTF-8 bytes, and in UTF-16 units (JavaScript's). */
const TEXT_ARRAYS = ['textBytes', 'textLengths'] as const;
type TextArray = (typeof TEXT_ARRAYS)[number];
const ARRAYS = [...SNAPSHOT_ARRAYS, ...TEXT_ARRAYS] as const;

/** Passage texts are decoded this many bytes at a time, then sliced: fewer, larger strings to allocate. */
const TEXT_CHUNK_BYTES = 1 << 20;

/** Where `npm run build` writes the snapshot. */
export function snapshotPath(dataDir: string): string {
  return path.join(dataDir, 'index-snapshot.bin');
}

/**
 * Writes an index snapshot atomically (a temporary file, then a rename), so
 * a crash mid-write never leaves a half snapshot behind. Returns its size in bytes.
 */
export function writeSnapshot(index: KnowledgeIndex, file: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  const body = encodeSnapshot(index);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, body);
  renameSync(temporary, file);
  return body.length;
}

/** An index as the bytes of a snapshot file (also how a reload worker hands its index over). */
export function encodeSnapshot(index: KnowledgeIndex): Buffer {
  const snapshot = index.toSnapshot();
  const { meta, texts } = snapshot;
  const arrays: Record<SnapshotArray | TextArray, Uint32Array> = {
    ...snapshot.arrays,
    textBytes: Uint32Array.from(texts, (t) => Buffer.byteLength(t)),
    textLengths: Uint32Array.from(texts, (t) => t.length),
  };
  const header: SnapshotHeader = {
    fingerprint: INDEX_FINGERPRINT,
    version: index.knowledge.version,
    meta,
    lengths: Object.fromEntries(ARRAYS.map((name) => [name, arrays[name].length])) as SnapshotHeader['lengths'],
  };
  const head = Buffer.from(JSON.stringify(header));
  const arraysStart = align(MAGIC.length + 4 + head.length);
  const arrayBytes = ARRAYS.reduce((sum, name) => sum + arrays[name].byteLength, 0);
  const textBytes = arrays.textBytes.reduce((a, b) => a + b, 0);
  const body = Buffer.alloc(arraysStart + arrayBytes + textBytes + CHECKSUM_BYTES);
  body.write(MAGIC, 0, 'latin1');
  body.writeUInt32LE(head.length, MAGIC.length);
  head.copy(body, MAGIC.length + 4);
  let at = arraysStart;
  for (const name of ARRAYS) {
    const array = arrays[name];
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(body, at);
    at += array.byteLength;
  }
  for (const text of texts) at += body.write(text, at, 'utf8');
  createHash('sha256').update(body.subarray(0, at)).digest().copy(body, at);
  return body;
}

/**
 * Reads a snapshot if it was built by this code from exactly this knowledge
 * version and its checksum matches its bytes. Anything else (missing, stale,
 * altered, truncated, other code) gives `undefined` and the reason, and the
 * caller builds the index afresh. The arrays are also checked against each
 * other, so that even a snapshot whose checksum was forged cannot point a
 * search outside its arrays.
 */
export function readSnapshot(file: string, version: string): { index?: KnowledgeIndex; reason: string } {
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch {
    return { reason: 'no snapshot' };
  }
  return decodeSnapshot(body, version);
}

/** The index in a snapshot's bytes, checked as {@link readSnapshot} checks a file. */
export function decodeSnapshot(body: Buffer, version: string): { index?: KnowledgeIndex; reason: string } {
  try {
    if (body.toString('latin1', 0, MAGIC.length) !== MAGIC)
      return { reason: 'snapshot unreadable (not a snapshot file)' };
    if (body.length < MAGIC.length + 4 + CHECKSUM_BYTES) return { reason: 'snapshot unreadable (file is truncated)' };
    const end = body.length - CHECKSUM_BYTES;
    const sum = createHash('sha256').update(body.subarray(0, end)).digest();
    if (!sum.equals(body.subarray(end)))
      return { reason: 'snapshot checksum does not match its contents (altered or damaged); rebuilding the index' };
    body = body.subarray(0, end);
    const headLength = body.readUInt32LE(MAGIC.length);
    const header = JSON.parse(body.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headLength)) as SnapshotHeader;
    if (header.fingerprint !== INDEX_FINGERPRINT) return { reason: 'snapshot built by another version of the bot' };
    if (header.version !== version) return { reason: 'snapshot is of other knowledge' };
    let at = align(MAGIC.length + 4 + headLength);
    const arrays = {} as Record<SnapshotArray | TextArray, Uint32Array>;
    for (const name of ARRAYS) {
      const bytes = header.lengths[name] * 4;
      if (at + bytes > body.length) throw new Error('file is truncated');
      // A copy, so that the file's buffer (mostly passage text) is not kept alive by a view.
      arrays[name] = new Uint32Array(body.buffer.slice(body.byteOffset + at, body.byteOffset + at + bytes));
      at += bytes;
    }
    const texts = readTexts(body, at, arrays.textBytes, arrays.textLengths);
    checkArrays(arrays, texts.length, header.meta.terms.length);
    return { index: KnowledgeIndex.fromSnapshot({ meta: header.meta, arrays, texts }), reason: 'snapshot matches' };
  } catch (error) {
    return { reason: `snapshot unreadable (${(error as Error).message.slice(0, 80)})` };
  }
}

/** The passage texts from `at` on: decoded a chunk of passages at a time, each passage a slice of its chunk. */
function readTexts(body: Buffer, at: number, bytes: Uint32Array, lengths: Uint32Array): string[] {
  const texts: string[] = [];
  let start = at;
  for (let first = 0; first < bytes.length;) {
    let last = first;
    let end = start;
    do end += bytes[last++] ?? 0;
    while (last < bytes.length && end - start < TEXT_CHUNK_BYTES);
    if (end > body.length) throw new Error('file is truncated');
    const part = body.subarray(start, end);
    // Plain ASCII (most text) decodes byte for byte, several times faster than UTF-8 decoding.
    const chunk = part.toString(isAscii(part) ? 'latin1' : 'utf8');
    let from = 0;
    for (let i = first; i < last; i++) texts.push(chunk.slice(from, (from += lengths[i] ?? 0)));
    if (from !== chunk.length) throw new Error('passage texts do not match their lengths');
    [first, start] = [last, end];
  }
  return texts;
}

/**
 * Whether the arrays fit each other: every posting list lies inside the
 * postings, in order, and names a passage that exists.
 *
 * @throws Error naming the first array that does not fit
 */
function checkArrays(arrays: Record<SnapshotArray, Uint32Array>, passages: number, terms: number): void {
  const { offsets, postings, fieldLength, passageRanges } = arrays;
  if (passageRanges.length !== 2 * passages) throw new Error('passage ranges do not match the passages');
  if (passages === 0 || fieldLength.length % passages !== 0) throw new Error('field lengths do not match the passages');
  const fields = fieldLength.length / passages;
  if (offsets.length !== terms * fields + 1) throw new Error('offsets do not match the terms');
  let previous = 0;
  for (let i = 0; i < offsets.length; i++) {
    const start = offsets[i] ?? 0;
    if (start < previous || start > postings.length) throw new Error('offsets out of order or out of range');
    const end = offsets[i + 1];
    if (end !== undefined && end > start) {
      if ((end - start) % 2 !== 1) throw new Error('a posting list has a broken length');
      for (let p = start + 1; p < end; p += 2)
        if ((postings[p] ?? 0) >= passages) throw new Error('a posting names no passage');
    }
    previous = start;
  }
}

function align(n: number): number {
  return Math.ceil(n / 4) * 4;
}
