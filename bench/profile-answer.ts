/**
 * Where our answer path spends its time. On the SOTU corpus: profiles
 * `KnowledgeIndex.build`, `KnowledgeAnswerer.ask` over the bench's keyword
 * queries and questions, and start-up from the snapshot. With `--essay`:
 * `ask` over the shipped knowledge and the eval questions. Prints the
 * heaviest functions of each phase, and writes the raw profiles (open them
 * in Chrome DevTools) to `--out`.
 *
 *   node --expose-gc --max-old-space-size=4096 --import tsx bench/profile-answer.ts --scale 10
 *   node --import tsx bench/profile-answer.ts --essay
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KnowledgeAnswerer } from '../src/answer/knowledge-answerer.js';
import { knowledgeVersion, loadKnowledge, readKnowledgeFiles } from '../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';
import { readSnapshot, writeSnapshot } from '../src/search/snapshot-file.js';
import { englishRarity } from '../src/text/english-rarity.js';
import { loadCorpus } from './lib/corpus.js';
import { profile, summarize, type CpuProfile } from './lib/cpu-profile.js';
import { makeQueries } from './lib/queries.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    top: { type: 'string', default: '25' },
    out: { type: 'string', default: '/tmp' },
    seed: { type: 'string', default: '20240229' },
    essay: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const top = Number(values.top);
const out = values.out ?? '/tmp';

async function report(title: string, name: string, p: CpuProfile): Promise<void> {
  await writeFile(path.join(out, `${name}.cpuprofile`), JSON.stringify(p));
  const rows = summarize(p);
  const all = rows.reduce((max, r) => Math.max(max, r.total), 0);
  const lines = [
    `### ${title} (${(all / 1000).toFixed(2)} s sampled)`,
    '',
    '| total ms | self ms | function |',
    '| --- | --- | --- |',
  ];
  for (const r of rows.slice(0, top)) lines.push(`| ${r.total.toFixed(0)} | ${r.self.toFixed(0)} | ${r.name} |`);
  lines.push('', 'By self time:', '', '| self ms | function |', '| --- | --- |');
  for (const r of [...rows].sort((a, b) => b.self - a.self).slice(0, top))
    lines.push(`| ${r.self.toFixed(0)} | ${r.name} |`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

englishRarity('the');
if (values.essay) {
  const lines = (await readFile('eval/dev.jsonl', 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const questions = lines.map((l) => (JSON.parse(l) as { q: string }).q);
  const answerer = new KnowledgeAnswerer(KnowledgeIndex.build(await loadKnowledge('knowledge')));
  const asks = Array.from({ length: 1000 * rounds }, (_, i) => questions[i % questions.length] ?? '');
  for (const q of asks) answerer.ask(q);
  const p = await profile(() => asks.forEach((q) => answerer.ask(q)), 50);
  await report(`ask × ${asks.length} over knowledge/ (eval/dev.jsonl questions)`, 'ours-ask-essay', p);
} else {
  const scale = Number(values.scale);
  const corpus = await loadCorpus(scale);
  const queries = makeQueries(
    corpus.passages.slice(0, corpus.base),
    { keywords: 500, questions: 50, knownItems: 0, warmup: 50 },
    Number(values.seed),
  );
  let index: KnowledgeIndex | undefined;
  const build = await profile(() => {
    index = KnowledgeIndex.build(corpus.knowledge);
  }, 1000);
  if (index === undefined) throw new Error('bench: build failed');
  const answerer = new KnowledgeAnswerer(index);
  for (const q of queries.warmup) answerer.ask(q);
  const ask = await profile(() => {
    for (let r = 0; r < rounds; r++) for (const q of [...queries.keywords, ...queries.questions]) answerer.ask(q);
  });
  const file = path.join(out, `ours-snapshot-${scale}x.json`);
  writeSnapshot(index, file);
  index = undefined;
  const startup = await profile(async () => {
    const { files } = await readKnowledgeFiles(corpus.dir);
    const loaded = readSnapshot(file, knowledgeVersion(files));
    if (loaded.index === undefined) throw new Error(`bench: snapshot not loaded: ${loaded.reason}`);
    void new KnowledgeAnswerer(loaded.index);
  }, 500);
  await report(`KnowledgeIndex.build, ${scale}×`, `ours-build-${scale}x`, build);
  await report(
    `ask × ${rounds} rounds of ${queries.keywords.length} keyword queries + ${queries.questions.length} questions, ${scale}×`,
    `ours-ask-${scale}x`,
    ask,
  );
  await report(`start-up from the snapshot, ${scale}×`, `ours-startup-${scale}x`, startup);
}
