import { readFile } from 'node:fs/promises';
import { KnowledgeAnswerer } from '../../src/answer/knowledge-answerer.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { time, type Latency } from './measure.js';

/** Answer latency on the shipped knowledge (the essay), over the eval questions. */
export interface EssayFigures {
  readonly passages: number;
  readonly questions: number;
  readonly latency: Latency;
}

/**
 * Asks the questions of `eval/dev.jsonl`, in turn, `asks` times in all,
 * through `KnowledgeAnswerer.ask` over the `knowledge/` folder, after as many
 * untimed asks to warm up.
 */
export async function measureEssay(dir = 'knowledge', evalFile = 'eval/dev.jsonl', asks = 1000): Promise<EssayFigures> {
  const lines = (await readFile(evalFile, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const questions = lines.map((l) => (JSON.parse(l) as { q: string }).q);
  const answerer = new KnowledgeAnswerer(KnowledgeIndex.build(await loadKnowledge(dir)));
  const run = Array.from({ length: asks }, (_, i) => questions[i % questions.length] ?? '');
  await time((q) => answerer.ask(q), run);
  const latency = await time((q) => answerer.ask(q), run);
  return { passages: answerer.index.knowledge.passages.length, questions: questions.length, latency };
}
