import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

/** Past this many bytes, a journal whose queue never empties is rewritten with what is still queued. */
const COMPACT_BYTES = 4 * 1024 * 1024;

/**
 * A local file of the question-log rows not yet in the shared database, one
 * JSON line each, written before the answer is sent (a `write(2)`, no
 * fsync: it survives a killed process, not a power cut). Rows come back on
 * the next start, so a replica killed mid-burst loses no row it answered.
 */
export class Journal {
  readonly file: string;
  #fd: number;
  #bytes: number;

  private constructor(file: string, fd: number, bytes: number) {
    this.file = file;
    this.#fd = fd;
    this.#bytes = bytes;
  }

  /** Opens (creating) a journal and returns it with the rows it already holds. */
  static open(file: string): { journal: Journal; rows: unknown[] } {
    mkdirSync(path.dirname(file), { recursive: true });
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const rows: unknown[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        rows.push(JSON.parse(line));
      } catch {
        // A line cut by the kill: the row was never answered from this journal's point of view.
      }
    }
    const fd = openSync(file, 'a');
    return { journal: new Journal(file, fd, Buffer.byteLength(text)), rows };
  }

  append(row: unknown): void {
    const line = `${JSON.stringify(row)}\n`;
    this.#bytes += writeSync(this.#fd, line);
  }

  /** Called when rows reached the database: `queued` are the rows still waiting. */
  written(queued: readonly unknown[]): void {
    if (queued.length === 0) {
      ftruncateSync(this.#fd, 0);
      this.#bytes = 0;
    } else if (this.#bytes > COMPACT_BYTES) {
      const text = queued.map((row) => `${JSON.stringify(row)}\n`).join('');
      writeFileSync(`${this.file}.tmp`, text);
      renameSync(`${this.file}.tmp`, this.file);
      closeSync(this.#fd);
      this.#fd = openSync(this.file, 'a');
      this.#bytes = Buffer.byteLength(text);
    }
  }

  close(): void {
    closeSync(this.#fd);
  }
}
