/**
 * Throwaway experiment code: the eval figures of scripts/eval-score.ts,
 * computed over LabIndex with the answer rule of KnowledgeAnswerer.ask
 * (answer when the top coverage ≥ CUTOFFS.answer; citations are the hits
 * scoring ≥ CUTOFFS.relative × top score).
 */
import { CUTOFFS } from '../../src/answer/knowledge-answerer.js';
import { checkQuestion } from '../../src/answer/question.js';
import type { EvalLine, Figures } from '../eval-score.js';
import type { ExpansionSettings, LabHit, LabIndex } from './lab-index.js';

/** What ask() would decide, and the passages eval-score would rank. */
export function decide(
  lab: LabIndex,
  question: string,
  x: ExpansionSettings | undefined,
  cutoff: number = CUTOFFS.answer,
): { answered: boolean; ranked: LabHit[]; top: LabHit | undefined } {
  const checked = checkQuestion(question);
  if (!checked.ok) return { answered: false, ranked: [], top: undefined };
  const query = lab.understand(checked.question);
  if (query.length === 0) return { answered: false, ranked: [], top: undefined };
  const hits = lab.search(query, 12, x);
  const top = hits[0];
  const answered = top !== undefined && top.coverage >= cutoff;
  if (answered) return { answered, ranked: hits.filter((h) => h.score >= top.score * CUTOFFS.relative).slice(0, 5), top };
  // eval-score ranks unanswered questions with index.search(index.analyze(q), 5): no spelling fixes.
  return { answered, ranked: lab.search(lab.index.analyze(question), 5, x), top };
}

export function scoreLab(
  lab: LabIndex,
  lines: readonly EvalLine[],
  x: ExpansionSettings | undefined,
  cutoff: number = CUTOFFS.answer,
): Figures {
  const f: Figures = {
    answerable: 0,
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
    const { answered, ranked } = decide(lab, line.q, x, cutoff);
    if (line.kind === 'answerable') {
      f.answerable++;
      const rank = ranked.findIndex((h) => (line.expect ?? []).some((e) => h.passage.text.includes(e))) + 1;
      if (answered) f.answered++;
      if (rank === 1) f.hit1++;
      if (rank >= 1 && rank <= 3) f.hit3++;
      if (rank >= 1 && rank <= 5) f.mrr5 += 1 / rank;
      if (rank !== 1 || !answered) f.misses.push(`${answered ? '' : '[not answered] '}rank ${rank || '-'}: ${line.q}`);
    } else {
      if (line.kind === 'off-topic') {
        f.offTopic++;
        if (!answered) f.offTopicDeclined++;
      } else {
        f.hard++;
        if (!answered) f.hardDeclined++;
      }
      if (answered) f.misses.push(`[${line.kind} answered] ${line.q} -> ${ranked[0]?.passage.address ?? ''}`);
    }
  }
  return f;
}
