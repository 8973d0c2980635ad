/** Bytes of a progress buffer: a 4-byte count of files started, a 4-byte key length, the key. */
export const PROGRESS_BYTES = 8 + 4096;

/** Records that the worker starts on the file with this key. */
export function writeProgress(buffer: SharedArrayBuffer, key: string): void {
  const counts = new Int32Array(buffer, 0, 2);
  const written = new TextEncoder().encodeInto(key, new Uint8Array(buffer, 8)).written;
  Atomics.store(counts, 1, written);
  Atomics.add(counts, 0, 1);
}

/** How many files the worker has started, and the key of the last one. */
export function readProgress(buffer: SharedArrayBuffer): { started: number; key: string } {
  const counts = new Int32Array(buffer, 0, 2);
  const started = Atomics.load(counts, 0);
  const length = Atomics.load(counts, 1);
  return { started, key: new TextDecoder().decode(new Uint8Array(buffer, 8, length).slice()) };
}
