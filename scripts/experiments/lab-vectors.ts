/**
 * Throwaway experiment code: float vectors dumped by dump-float-vectors.ts,
 * trimmed in memory the way build-vectors.ts trims them (the `top` most
 * frequent words ∪ the knowledge's words), optionally int8-quantized, and an
 * exact-scan Expander over the index terms.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { term } from '../../src/text/analyze.js';
import { englishRarity } from '../../src/text/english-rarity.js';
import { fold } from '../../src/text/fold.js';
import type { Expander, Neighbour } from './lab-index.js';

export class LabVectors {
  readonly dims = 100;
  readonly rows = new Map<string, Float32Array>();

  /** Loads `<base>.words` / `<base>.f32`, keeping the first `top` words and any word in `keep`. */
  constructor(base: string, top: number, keep: ReadonlySet<string>, quantize: boolean) {
    const words = readFileSync(`${base}.words`, 'utf8').split('\n');
    const buf = readFileSync(`${base}.f32`);
    const f = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    words.forEach((w, i) => {
      if (i >= top && !keep.has(w)) return;
      const v = Float32Array.from(f.subarray(i * this.dims, (i + 1) * this.dims));
      normalize(v);
      if (quantize) {
        let max = 0;
        for (const x of v) max = Math.max(max, Math.abs(x));
        for (let d = 0; d < v.length; d++) v[d] = Math.round(((v[d] ?? 0) / max) * 127);
        normalize(v);
      }
      this.rows.set(w, v);
    });
  }

  get(word: string): Float32Array | undefined {
    return this.rows.get(fold(word));
  }

  readonly #hub = new Map<string, number>();
  #matrix: { words: string[]; m: Float32Array[] } | undefined;

  /** Precomputes every word's hubness (N² dot products), cached in `file`. */
  precomputeHubness(file: string): void {
    const words = [...this.rows.keys()];
    if (existsSync(file)) {
      const b = readFileSync(file);
      const r = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
      if (r.length === words.length) {
        words.forEach((w, i) => this.#hub.set(w, r[i] ?? 0));
        return;
      }
    }
    const n = words.length;
    const D = this.dims;
    const flat = new Float32Array(n * D);
    words.forEach((w, i) => flat.set(this.rows.get(w) ?? new Float32Array(D), i * D));
    const r = new Float32Array(n);
    const best = new Float32Array(11);
    for (let i = 0; i < n; i++) {
      best.fill(-2);
      const io = i * D;
      for (let j = 0; j < n; j++) {
        const jo = j * D;
        let s = 0;
        for (let d = 0; d < D; d++) s += (flat[io + d] ?? 0) * (flat[jo + d] ?? 0);
        if (s > (best[10] ?? 0)) {
          let p = 10;
          while (p > 0 && s > (best[p - 1] ?? 0)) {
            best[p] = best[p - 1] ?? 0;
            p--;
          }
          best[p] = s;
        }
      }
      let sum = 0;
      for (let q = 1; q < 11; q++) sum += best[q] ?? 0;
      r[i] = sum / 10;
    }
    words.forEach((w, i) => this.#hub.set(w, r[i] ?? 0));
    writeFileSync(file, new Uint8Array(r.buffer));
  }

  /** Mean cosine to the word's 10 nearest neighbours among the `top` words: its "hubness" (CSLS r). */
  hubness(word: string): number {
    const key = fold(word);
    const cached = this.#hub.get(key);
    if (cached !== undefined) return cached;
    const v = this.rows.get(key);
    if (v === undefined) return 0;
    this.#matrix ??= { words: [...this.rows.keys()], m: [...this.rows.values()] };
    const best: number[] = [];
    for (const m of this.#matrix.m) {
      const s = dot(v, m);
      if (best.length < 11 || s > (best[best.length - 1] ?? -1)) {
        best.push(s);
        best.sort((a, b) => b - a);
        if (best.length > 11) best.pop();
      }
    }
    const r = best.slice(1).reduce((a, b) => a + b, 0) / 10; // skip the word itself
    this.#hub.set(key, r);
    return r;
  }
}

export function normalize(v: Float32Array): void {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s) || 1;
  for (let d = 0; d < v.length; d++) v[d] = (v[d] ?? 0) / n;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += (a[d] ?? 0) * (b[d] ?? 0);
  return s;
}

/** Scans every index term's vector (mean of its surface words' unit vectors) per query word. */
export class ScanExpander implements Expander {
  readonly #terms: string[] = [];
  readonly #matrix: Float32Array[] = [];
  readonly #vectors: LabVectors;
  readonly #hubness: number[] = [];
  readonly #rarity: number[] = [];
  readonly #o: ScanOptions;

  constructor(
    vectors: LabVectors,
    termWords: ReadonlyMap<string, ReadonlyMap<string, number>>,
    options: ScanOptions = {},
  ) {
    this.#vectors = vectors;
    this.#o = options;
    for (const [t, words] of termWords) {
      const mean = new Float32Array(vectors.dims);
      let n = 0;
      for (const w of words.keys()) {
        const v = vectors.rows.get(w);
        if (v === undefined) continue;
        for (let d = 0; d < mean.length; d++) mean[d] = (mean[d] ?? 0) + (v[d] ?? 0);
        n++;
      }
      if (n === 0) continue;
      normalize(mean);
      this.#terms.push(t);
      this.#matrix.push(mean);
      this.#rarity.push(Math.min(...[...words.keys()].map((w) => englishRarity(w))));
      this.#hubness.push(options.csls === true ? Math.max(...[...words.keys()].map((w) => vectors.hubness(w))) : 0);
    }
  }

  get size(): number {
    return this.#terms.length;
  }

  readonly #cache = new Map<string, Neighbour[]>();

  near(word: string, k: number, min: number): Neighbour[] {
    let all = this.#cache.get(word);
    if (all === undefined) {
      all = this.#near(word, 20, -1);
      this.#cache.set(word, all);
    }
    return all.filter((n) => n.similarity >= min).slice(0, k);
  }

  #near(word: string, k: number, min: number): Neighbour[] {
    const v = this.#vectors.get(word);
    if (v === undefined) return [];
    if (englishRarity(word) < (this.#o.minRarity ?? 0)) return [];
    const own = term(word);
    const out: Neighbour[] = [];
    const rx = this.#o.csls === true ? this.#vectors.hubness(word) : 0;
    this.#matrix.forEach((m, i) => {
      if ((this.#rarity[i] ?? 0) < (this.#o.targetMinRarity ?? 0)) return;
      const cos = dot(v, m);
      // CSLS (Conneau et al. 2018) rescaled to stay comparable with cosine: cos − (r(x) + r(y))/2 + mean r.
      const s = this.#o.csls === true ? cos - ((rx + (this.#hubness[i] ?? 0)) / 2 - 0.6) : cos;
      const t = this.#terms[i];
      if (s >= min && t !== undefined && t !== own) out.push({ term: t, similarity: s });
    });
    return out.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }
}

export interface ScanOptions {
  /** Expand only query words at least this rare in English (englishRarity). */
  readonly minRarity?: number;
  /** Expand only into index terms whose most common surface word is at least this rare. */
  readonly targetMinRarity?: number;
  /** Score by CSLS instead of cosine, which penalizes hub words. */
  readonly csls?: boolean;
}

/**
 * What build-vectors.ts precomputes: for a word, its `lists` nearest stems
 * over the whole trimmed vocabulary (CSLS or cosine, a stem scoring as its
 * best surface word), knowledge-independent; at query time only the stems
 * the index holds are kept.
 */
export class StaticListExpander implements Expander {
  readonly #vectors: LabVectors;
  readonly #indexTerms: ReadonlySet<string>;
  readonly #lists: number;
  readonly #csls: boolean;
  readonly #words: string[];
  readonly #stems: Array<string | null>;
  readonly #cache = new Map<string, Neighbour[]>();

  constructor(vectors: LabVectors, indexTerms: ReadonlySet<string>, lists: number, csls: boolean) {
    this.#vectors = vectors;
    this.#indexTerms = indexTerms;
    this.#lists = lists;
    this.#csls = csls;
    this.#words = [...vectors.rows.keys()];
    this.#stems = this.#words.map((w) => term(w));
  }

  near(word: string, k: number, min: number): Neighbour[] {
    let list = this.#cache.get(word);
    if (list === undefined) {
      list = this.#list(word);
      this.#cache.set(word, list);
    }
    return list.filter((n) => this.#indexTerms.has(n.term) && n.similarity >= min).slice(0, k);
  }

  #list(word: string): Neighbour[] {
    const v = this.#vectors.get(word);
    if (v === undefined) return [];
    const own = term(word);
    const rx = this.#csls ? this.#vectors.hubness(word) : 0;
    const best = new Map<string, number>();
    this.#words.forEach((w, i) => {
      const t = this.#stems[i];
      const m = this.#vectors.rows.get(w);
      if (t === null || t === undefined || t === own || m === undefined) return;
      const cos = dot(v, m);
      if (cos < 0.3) return;
      const s = this.#csls ? cos - ((rx + this.#vectors.hubness(w)) / 2 - 0.6) : cos;
      if (s > (best.get(t) ?? -Infinity)) best.set(t, s);
    });
    return [...best]
      .map(([t, s]) => ({ term: t, similarity: s }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, this.#lists);
  }
}
