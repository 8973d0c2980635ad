/**
 * Calibration of the decision to answer (`npm run eval -- --calibrate`), on
 * the calibration half of chat-dev and the repository's extended set only:
 * the held-out half and dev are never looked at here.
 */
import {
  CUTOFFS,
  decide,
  decisionFeatures,
  readQuestion,
  type Cutoffs,
  type DecisionFeatures,
} from '../src/answer/decision.js';
import { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import type { KnowledgeIndex } from '../src/search/knowledge-index.js';
import { score, type EvalLine, type Figures } from './eval-score.js';

/** What the calibration maximises, per set: right first and answered, related and off-topic declined (counting double). */
export function calibrationValue(f: Figures): number {
  return (
    f.rightFirst / f.answerable +
    f.answered / f.answerable / 2 +
    f.hardDeclined / Math.max(1, f.hard) +
    (2 * f.offTopicDeclined) / Math.max(1, f.offTopic)
  );
}

/** One line of figures per set, as the calibration prints them. */
function figures(f: Figures): string {
  return `right first ${f.rightFirst}/${f.answerable} answered ${f.answered} related declined ${f.hardDeclined}/${f.hard} off-topic declined ${f.offTopicDeclined}/${f.offTopic}`;
}

/**
 * The grid over the decision's cut-offs: the answer cut-off, the margin, the
 * date-or-quantity check, the focus share and the name check. Keeps only settings under which
 * the floors these sets can check hold (every off-topic question declined;
 * extended right first ≥ 0.76 and answered ≥ 58, as in
 * tests/answer/quality-floors.test.ts), and prints the best and the current.
 */
export function calibrateGrid(
  index: KnowledgeIndex,
  calibration: readonly EvalLine[],
  extended: readonly EvalLine[],
): string[] {
  const rows: Array<{ value: number; line: string; current: boolean }> = [];
  const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
  for (let answer = 0.3; answer <= 0.601; answer += 0.05)
    for (const margin of [0, 0.1, 0.2])
      for (const expected of [false, true])
        for (const focus of [0, 0.1, 0.2, 0.3, 0.5, 2])
          for (const names of [false, true]) {
            const cut: Cutoffs = { ...CUTOFFS, answer, margin, notSure: answer - 0.15, expected, focus, names };
            const candidate = new KnowledgeAnswerer(index, cut);
            const c = score(candidate, calibration);
            const x = score(candidate, extended);
            if (
              c.offTopicDeclined < c.offTopic ||
              x.offTopicDeclined < x.offTopic ||
              x.rightFirst < 0.76 * x.answerable ||
              x.answered < 58
            )
              continue;
            const value = calibrationValue(c) + calibrationValue(x);
            const current =
              same(answer, CUTOFFS.answer) &&
              same(margin, CUTOFFS.margin) &&
              expected === CUTOFFS.expected &&
              same(focus, CUTOFFS.focus) &&
              names === CUTOFFS.names;
            rows.push({
              value,
              current,
              line: `${value.toFixed(3)}  answer ${answer.toFixed(2)} margin ${margin} date/quantity ${expected ? 'on ' : 'off'} focus ${focus > 1 ? 'off' : focus.toFixed(1)} names ${names ? 'on ' : 'off'}  calibration half: ${figures(c)}  extended: ${figures(x)}`,
            });
          }
  rows.sort((a, b) => b.value - a.value);
  const out = rows.slice(0, 12).map((r, i) => `${String(i + 1).padStart(3)}. ${r.line}`);
  const at = rows.findIndex((r) => r.current);
  out.push(
    at < 0
      ? 'current: under a floor'
      : `current (${at + 1} of ${rows.length} under the floors): ${rows[at]?.line ?? ''}`,
    `current cut-offs ${JSON.stringify(CUTOFFS)}`,
  );
  return out;
}

/** The features of a question as the model reads them: coverage, margin, unknown share, date/quantity lacking, focus lacking, name broken. */
function vector(f: DecisionFeatures): number[] {
  return [1, f.coverage, f.second, f.unknown, f.expectedMissing ? 1 : 0, f.focusMissing, f.nameBroken ? 1 : 0];
}

/** Logistic regression by Newton's method, L2-penalised (not the intercept); deterministic. */
export function fitLogistic(xs: readonly number[][], ys: readonly number[], lambda: number): number[] {
  const n = xs[0]?.length ?? 0;
  let w: number[] = new Array<number>(n).fill(0);
  for (let iteration = 0; iteration < 30; iteration++) {
    const g: number[] = new Array<number>(n).fill(0);
    const h: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const [k, x] of xs.entries()) {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0)));
      for (let i = 0; i < n; i++) {
        g[i] = (g[i] ?? 0) + (p - (ys[k] ?? 0)) * (x[i] ?? 0);
        for (let j = 0; j < n; j++) (h[i] as number[])[j] = (h[i]?.[j] ?? 0) + p * (1 - p) * (x[i] ?? 0) * (x[j] ?? 0);
      }
    }
    for (let i = 1; i < n; i++) {
      g[i] = (g[i] ?? 0) + lambda * (w[i] ?? 0);
      (h[i] as number[])[i] = (h[i]?.[i] ?? 0) + lambda;
    }
    const step = solve(h, g);
    w = w.map((v, i) => v - (step[i] ?? 0));
  }
  return w;
}

/** Solves `a x = b` by Gaussian elimination with partial pivoting. */
function solve(a: readonly number[][], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[p]?.[c] ?? 0)) p = r;
    [m[c], m[p]] = [m[p] ?? [], m[c] ?? []];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const k = (m[r]?.[c] ?? 0) / (m[c]?.[c] ?? 1);
      for (let j = c; j <= n; j++) (m[r] as number[])[j] = (m[r]?.[j] ?? 0) - k * (m[c]?.[j] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

/**
 * A logistic regression over the decision features, fitted on both sets
 * (answerable = 1), its answer threshold chosen for the calibration value; set
 * against the current rule on the same features, in the sample and left one
 * out (each question decided by a model fitted, and a threshold chosen,
 * without it). The features are read from the question as typed (no spelling
 * correction), so the rule's figures here can differ from the grid's by a
 * question or two.
 */
export function compareModel(index: KnowledgeIndex, sets: ReadonlyArray<readonly EvalLine[]>): string[] {
  const rows = sets.flatMap((lines, set) =>
    lines.map((line) => {
      const query = index.analyze(line.q);
      const hits = index.search(query, 12);
      const right = (line.expect ?? []).some((e) => hits[0]?.passage.text.includes(e) ?? false);
      return { set, kind: line.kind, right, f: decisionFeatures(readQuestion(line.q), query, hits) };
    }),
  );
  type Row = (typeof rows)[number];
  const value = (answers: (r: Row, i: number) => boolean, include: (i: number) => boolean = () => true): number => {
    let total = 0;
    for (let set = 0; set < sets.length; set++) {
      const of = rows.map((r, i) => ({ r, i, a: answers(r, i) })).filter(({ r, i }) => r.set === set && include(i));
      const count = (kind: string, ok: (x: { r: Row; a: boolean }) => boolean): [number, number] => {
        const k = of.filter(({ r }) => r.kind === kind);
        return [k.filter(ok).length, Math.max(1, k.length)];
      };
      const [rightFirst, answerable] = count('answerable', ({ r, a }) => a && r.right);
      const [answered] = count('answerable', ({ a }) => a);
      const [hard, hardOf] = count('hard-off-topic', ({ a }) => !a);
      const [off, offOf] = count('off-topic', ({ a }) => !a);
      total += rightFirst / answerable + answered / answerable / 2 + hard / hardOf + (2 * off) / offOf;
    }
    return total;
  };
  const ruleAnswers = (r: Row): boolean => decide(r.f, CUTOFFS) >= CUTOFFS.answer;
  const out = [`current rule on the features: value ${value(ruleAnswers).toFixed(3)}`];
  const thresholds = Array.from({ length: 91 }, (_, i) => 0.05 + i / 100);
  const probability = (w: readonly number[], f: DecisionFeatures): number =>
    1 / (1 + Math.exp(-vector(f).reduce((s, v, i) => s + v * (w[i] ?? 0), 0)));
  const fitOn = (keep: (i: number) => boolean, lambda: number): { w: number[]; t: number } => {
    const kept = rows.filter((_, i) => keep(i));
    const w = fitLogistic(
      kept.map((r) => vector(r.f)),
      kept.map((r) => (r.kind === 'answerable' ? 1 : 0)),
      lambda,
    );
    let best = { t: 0.5, v: -Infinity };
    for (const t of thresholds) {
      const v = value((r) => probability(w, r.f) >= t, keep);
      if (v > best.v + 1e-9) best = { t, v };
    }
    return { w, t: best.t };
  };
  for (const lambda of [0.1, 1, 3]) {
    const { w, t } = fitOn(() => true, lambda);
    const inSample = value((r) => probability(w, r.f) >= t);
    const left = rows.map((r, i) => {
      const m = fitOn((j) => j !== i, lambda);
      return probability(m.w, r.f) >= m.t;
    });
    out.push(
      `logistic (1, coverage, second/first, unknown share, date/quantity lacking, focus share lacking, name broken) λ ${lambda}: ` +
        `weights ${w.map((v) => v.toFixed(2)).join(' ')} threshold ${t.toFixed(2)}  value in the sample ${inSample.toFixed(3)}, left one out ${value((_, i) => left[i] ?? false).toFixed(3)}`,
    );
  }
  return out;
}
