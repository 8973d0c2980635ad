/** Scoring of the eval sets, shared by `npm run eval` and the quality-floor test. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';

/** One eval question. */
export const EvalLine = z.object({
  q: z.string(),
  kind: z.enum(['answerable', 'off-topic', 'hard-off-topic']),
  expect: z.array(z.string()).optional(),
});
export type EvalLine = z.infer<typeof EvalLine>;

/** Reads a JSONL eval set, failing with the line number on a bad line. */
export function readEvalSet(file: string): EvalLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = EvalLine.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface Figures {
  answerable: number;
  /** Answered, with the right passage cited first. */
  rightFirst: number;
  /** Declined with "not sure" (closest passages shown as possibly related), by kind. */
  notSure: number;
  hit1: number;
  hit3: number;
  mrr5: number;
  answered: number;
  offTopic: number;
  offTopicDeclined: number;
  hard: number;
  hardDeclined: number;
  misses: string[];
}

/** Scores one eval set against an answerer. */
export function score(answerer: KnowledgeAnswerer, lines: readonly EvalLine[]): Figures {
  const f: Figures = {
    answerable: 0,
    rightFirst: 0,
    notSure: 0,
    hit1: 0,
    hit3: 0,
    mrr5: 0,
    answered: 0,
    offTopic: 0,
    offTopicDeclined: 0,
    hard: 0,
    hardDeclined: 0,
    misses: [],
  };
  for (const line of lines) {
    const answer = answerer.ask(line.q, { perPage: 5 });
    if (answer.outcome === 'not_sure') f.notSure++;
    if (line.kind === 'answerable') {
      f.answerable++;
      // Rank the top five passages whether or not the bot chose to answer.
      const ranked =
        answer.citations.length >= 3 || answer.answered
          ? answer.citations
          : answerer.index.search(answerer.index.analyze(line.q), 5).map((h) => ({ text: h.passage.text }));
      const rank = ranked.findIndex((c) => (line.expect ?? []).some((e) => c.text.includes(e))) + 1;
      if (answer.answered) f.answered++;
      if (answer.answered && rank === 1) f.rightFirst++;
      if (rank === 1) f.hit1++;
      if (rank >= 1 && rank <= 3) f.hit3++;
      if (rank >= 1 && rank <= 5) f.mrr5 += 1 / rank;
      if (rank !== 1 || !answer.answered) f.misses.push(`${missReason(answer.answered, rank)}: ${line.q}`);
    } else {
      const declined = !answer.answered;
      if (line.kind === 'off-topic') {
        f.offTopic++;
        if (declined) f.offTopicDeclined++;
      } else {
        f.hard++;
        if (declined) f.hardDeclined++;
      }
      if (!declined) f.misses.push(`${line.kind} answered (on ${answer.citations[0]?.address ?? '?'}): ${line.q}`);
    }
  }
  return f;
}

/**
 * Why an answerable question missed, as `npm run eval -- --misses` lists it:
 * declined although the right passage came first (the decision's loss),
 * declined with it lower or absent, or answered on the wrong passage (ranking's loss).
 */
export function missReason(answered: boolean, rank: number): string {
  const where = rank === 0 ? 'right passage not in the first five' : `right passage at rank ${rank}`;
  if (!answered) return rank === 1 ? 'declined, right passage first' : `declined, ${where}`;
  return `answered, wrong first (${where})`;
}

/**
 * Which part of a set a question belongs to: a fixed hash of its text, so the
 * split never depends on order and a question never changes part. Cut-offs are
 * calibrated on `calibrate` and the figures that count are those of `report`.
 */
export function partOf(question: string): 'calibrate' | 'report' {
  let h = 0x811c9dc5;
  for (let i = 0; i < question.length; i++) h = Math.imul(h ^ question.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'calibrate' : 'report';
}

/** The figures of one set, as `npm run eval` prints them. */
export function summary(name: string, f: Figures): string {
  const r = (n: number): string => (f.answerable === 0 ? '-' : (n / f.answerable).toFixed(2));
  return [
    `${name}: ${f.answerable} answerable, ${f.offTopic} off-topic, ${f.hard} hard off-topic`,
    `  right first in an answer ${r(f.rightFirst)}   hit@1 ${r(f.hit1)}   hit@3 ${r(f.hit3)}   MRR@5 ${r(f.mrr5)}   answered ${f.answered}/${f.answerable}`,
    `  off-topic declined ${f.offTopicDeclined}/${f.offTopic}   hard off-topic declined ${f.hardDeclined}/${f.hard}   "not sure" ${f.notSure}`,
  ].join('\n');
}
