/**
 * Answer quality on the eval sets: hit@1, hit@3 and MRR@5 on answerable
 * questions, and how off-topic questions were handled.
 *
 *   npm run eval                  the shared dev set and our extended set
 *   npm run eval -- --json        the same figures as JSON
 *   npm run eval -- --misses      also list the questions that missed
 *   npm run eval -- --calibrate   sweep the answer cut-off and print the trade-off
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CUTOFFS, KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';

const Line = z.object({
  q: z.string(),
  kind: z.enum(['answerable', 'off-topic', 'hard-off-topic']),
  expect: z.array(z.string()).optional(),
});
type Line = z.infer<typeof Line>;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    calibrate: { type: 'boolean', default: false },
    knowledge: { type: 'string', default: 'knowledge' },
  },
});

const SETS = [
  { name: 'dev (shared)', file: 'eval/dev.jsonl' },
  { name: 'extended', file: 'eval/extended.jsonl' },
];

function read(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = Line.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface Figures {
  answerable: number;
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
export function score(answerer: KnowledgeAnswerer, lines: readonly Line[]): Figures {
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
    const answer = answerer.ask(line.q, { perPage: 5 });
    if (line.kind === 'answerable') {
      f.answerable++;
      // Rank the top five passages whether or not the bot chose to answer.
      const ranked = answer.answered
        ? answer.citations
        : answerer.index.search(answerer.index.analyze(line.q), 5).map((h) => ({ text: h.passage.text }));
      const rank = ranked.findIndex((c) => (line.expect ?? []).some((e) => c.text.includes(e))) + 1;
      if (answer.answered) f.answered++;
      if (rank === 1) f.hit1++;
      if (rank >= 1 && rank <= 3) f.hit3++;
      if (rank >= 1 && rank <= 5) f.mrr5 += 1 / rank;
      if (rank !== 1 || !answer.answered)
        f.misses.push(`${answer.answered ? '' : '[not answered] '}rank ${rank || '-'}: ${line.q}`);
    } else {
      const declined = !answer.answered;
      if (line.kind === 'off-topic') {
        f.offTopic++;
        if (declined) f.offTopicDeclined++;
      } else {
        f.hard++;
        if (declined) f.hardDeclined++;
      }
      if (!declined) f.misses.push(`[${line.kind} answered] ${line.q} -> ${answer.citations[0]?.address ?? ''}`);
    }
  }
  return f;
}

function summary(name: string, f: Figures): string {
  const r = (n: number): string => (f.answerable === 0 ? '-' : (n / f.answerable).toFixed(2));
  return [
    `${name}: ${f.answerable} answerable, ${f.offTopic} off-topic, ${f.hard} hard off-topic`,
    `  hit@1 ${r(f.hit1)}   hit@3 ${r(f.hit3)}   MRR@5 ${r(f.mrr5)}   answered ${f.answered}/${f.answerable}`,
    `  off-topic declined ${f.offTopicDeclined}/${f.offTopic}   hard off-topic declined ${f.hardDeclined}/${f.hard}`,
  ].join('\n');
}

const knowledge = await loadKnowledge(values.knowledge);
const answerer = new KnowledgeAnswerer(KnowledgeIndex.build(knowledge));
const results = SETS.map((set) => ({ ...set, figures: score(answerer, read(set.file)) }));

if (values.calibrate) {
  // Top-passage coverage of every question, to choose CUTOFFS.answer.
  const rows = SETS.flatMap((set) => read(set.file)).map((line) => {
    const hit = answerer.index.search(answerer.index.analyze(line.q), 1)[0];
    return { kind: line.kind, coverage: hit?.coverage ?? 0 };
  });
  console.log('cut-off  answerable-answered  off-topic-declined  hard-declined');
  for (let c = 0.2; c <= 0.801; c += 0.05) {
    const a = rows.filter((r) => r.kind === 'answerable');
    const o = rows.filter((r) => r.kind === 'off-topic');
    const h = rows.filter((r) => r.kind === 'hard-off-topic');
    const pct = (xs: typeof rows, f: (r: (typeof rows)[number]) => boolean): string =>
      `${xs.filter(f).length}/${xs.length}`;
    console.log(
      `${c.toFixed(2)}     ${pct(a, (r) => r.coverage >= c).padEnd(20)} ${pct(o, (r) => r.coverage < c).padEnd(19)} ${pct(h, (r) => r.coverage < c)}`,
    );
  }
  console.log(`current cut-off: ${CUTOFFS.answer}`);
} else if (values.json) {
  console.log(
    JSON.stringify(
      results.map(({ name, figures }) => ({ name, ...figures })),
      null,
      2,
    ),
  );
} else {
  for (const { name, figures } of results) {
    console.log(summary(name, figures));
    if (values.misses) for (const m of figures.misses) console.log(`    ${m}`);
  }
}
