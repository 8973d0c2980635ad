import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `folders` folders of 100 small Markdown notes each into `dir`
 * (`part-F/note-N.md`): a paragraph and a two-level list, three passages a note.
 */
export function writeBulkNotes(dir: string, folders: number): void {
  for (let f = 0; f < folders; f++) {
    mkdirSync(path.join(dir, `part-${f}`));
    for (let i = 0; i < 100; i++) {
      const n = f * 100 + i;
      const text = `# Note ${n}\n\nThe river convoy number ${n} carried timber from Irkutsk to Harbin.\n\n- a\n  - b\n`;
      writeFileSync(path.join(dir, `part-${f}`, `note-${n}.md`), text);
    }
  }
}
