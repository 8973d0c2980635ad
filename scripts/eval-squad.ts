/**
 * Ranking on other people's documents: SQuAD 2.0 questions, each asked of the
 * 20 articles they were written against (`../shared/eval/squad/`, see its
 * README). Our index and four peers index the same paragraphs; each is scored
 * on whether the first (or one of the first three) passages it returns lies in
 * the question's paragraph.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { flexsearchContextEngine, flexsearchEngine, flexsearchSuggestEngine } from '../bench/engines/flexsearch.js';
import { lunrEngine } from '../bench/engines/lunr.js';
import { minisearchEngine } from '../bench/engines/minisearch.js';
import type { Corpus } from '../bench/lib/corpus.js';
import { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { buildKnowledge } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex, type SearchTuning } from '../src/search/knowledge-index.js';
import { term, tokenize } from '../src/text/analyze.js';
import { partOf } from './eval-score.js';

interface SquadFile {
  readonly data: ReadonlyArray<{
    readonly title: string;
    readonly paragraphs: ReadonlyArray<{ readonly context: string; readonly qas: ReadonlyArray<{ question: string }> }>;
  }>;
}

/** One engine's right-paragraph figures: on every question, and on each half (see `partOf`). */
export interface SquadFigures {
  readonly engine: string;
  readonly hit1: number;
  readonly hit3: number;
  /** hit@1 on the calibration half, which our ranking options were tuned on. */
  readonly calibrateHit1: number;
  /** hit@1 on the held-out half, never tuned on: the figure the target is read on. */
  readonly reportHit1: number;
}

/** Paragraph ids of the passages an engine returned, best first. */
type Ranker = (question: string) => readonly number[] | Promise<readonly number[]>;

/**
 * Scores ours, MiniSearch (defaults; with our stemming and stop words), Lunr
 * and FlexSearch on `file`, in one run.
 */
export async function scoreSquad(
  file: string,
  options: { tuning?: SearchTuning; oursOnly?: boolean; part?: 'calibrate' | 'report' } = {},
): Promise<{ questions: number; figures: SquadFigures[] }> {
  const squad = JSON.parse(readFileSync(file, 'utf8')) as SquadFile;
  const paragraphs: Array<{ id: number; text: string }> = [];
  const questions: Array<{ q: string; paragraph: number }> = [];
  const files = squad.data.map((article) => {
    const parts = article.paragraphs.map((p) => {
      const id = paragraphs.length;
      paragraphs.push({ id, text: p.context.trim() });
      for (const qa of p.qas)
        if (options.part === undefined || partOf(qa.question) === options.part)
          questions.push({ q: qa.question, paragraph: id });
      return p.context.trim();
    });
    return { file: `${article.title}.txt`, bytes: new TextEncoder().encode(parts.join('\n\n') + '\n') };
  });

  // Our passages lie inside one paragraph each: map them back by offset.
  const knowledge = buildKnowledge(files);
  const answerer = new KnowledgeAnswerer(KnowledgeIndex.build(knowledge, options.tuning));
  const paragraphOfPassage = new Map<string, number>();
  let next = 0;
  for (const document of knowledge.documents) {
    const article = squad.data.find((a) => `${a.title}.txt` === document.file);
    const count = article?.paragraphs.length ?? 0;
    const first = next;
    next += count;
    const source = new TextDecoder().decode(files.find((f) => f.file === document.file)?.bytes);
    const starts: number[] = [];
    let at = 0;
    for (const p of article?.paragraphs ?? []) {
      at = source.indexOf(p.context.trim(), at);
      starts.push(at);
    }
    for (const section of document.sections)
      for (const passage of section.passages) {
        let k = starts.length - 1;
        while (k > 0 && (starts[k] ?? 0) > passage.start) k--;
        paragraphOfPassage.set(passage.address, first + k);
      }
  }
  // A paragraph cut into two passages counts once: the peers index whole paragraphs and return three
  // distinct ones, so ours returns its first three distinct paragraphs too (the first is unchanged).
  const ours: Ranker = (q) => {
    const answer = answerer.ask(q, { perPage: 12 });
    const addresses = [
      ...answer.citations.map((c) => c.address),
      ...answerer.index.search(answerer.index.analyze(q), 12).map((h) => h.passage.address),
    ];
    return [...new Set(addresses.map((a) => paragraphOfPassage.get(a) ?? -1))].slice(0, 3);
  };

  const corpus: Corpus = {
    scale: 1,
    dir: file,
    knowledge,
    passages: paragraphs,
    base: paragraphs.length,
    words: 0,
    loadSeconds: 0,
  };
  const stemmed = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], tokenize, processTerm: term });
  stemmed.addAll(paragraphs);
  const top = async (spec: typeof lunrEngine): Promise<Ranker> => {
    const built = await spec.build(corpus);
    return (q) => built.top(q, 3);
  };
  const peers: Array<[string, Ranker]> = [
    ['ours', ours],
    ['MiniSearch (defaults)', await top(minisearchEngine)],
    [
      'MiniSearch (stemming, stop words)',
      (q) =>
        stemmed
          .search(q)
          .slice(0, 3)
          .map((r) => r.id as number),
    ],
    ['Lunr', await top(lunrEngine)],
    ['FlexSearch (English)', await top(flexsearchEngine)],
    ['FlexSearch (English, suggest)', await top(flexsearchSuggestEngine)],
    ['FlexSearch (English, context, suggest)', await top(flexsearchContextEngine)],
  ];
  const figures: SquadFigures[] = [];
  for (const [engine, rank] of options.oursOnly === true ? peers.slice(0, 1) : peers) {
    let hit1 = 0;
    let hit3 = 0;
    const first = { calibrate: 0, report: 0 };
    const asked = { calibrate: 0, report: 0 };
    for (const { q, paragraph } of questions) {
      const ids = (await rank(q)).slice(0, 3);
      const part = partOf(q);
      asked[part]++;
      if (ids[0] === paragraph) {
        hit1++;
        first[part]++;
      }
      if (ids.includes(paragraph)) hit3++;
    }
    figures.push({
      engine,
      hit1: hit1 / questions.length,
      hit3: hit3 / questions.length,
      calibrateHit1: first.calibrate / Math.max(1, asked.calibrate),
      reportHit1: first.report / Math.max(1, asked.report),
    });
  }
  return { questions: questions.length, figures };
}
