import { cpSync, mkdtempSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveKnowledge } from '../src/live-knowledge.js';
import { KnowledgeIndex } from '../src/search/knowledge-index.js';
import { readSnapshot, writeSnapshot } from '../src/search/snapshot-file.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { capturingLogger } from './helpers/logs.js';

function copyOfKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'live-'));
  cpSync('knowledge', dir, { recursive: true });
  return dir;
}

describe('knowledge that changes while the bot runs', () => {
  it('swaps in a rebuilt index and logs what changed', async () => {
    const dir = copyOfKnowledge();
    const { logger, lines } = capturingLogger();
    const live = await LiveKnowledge.open({ dir, logger });
    const before = live.answerer;
    expect(before.ask('Is Ulaanbaatar a capital?').answered).toBe(false);
    writeFileSync(
      path.join(dir, 'mongolia.md'),
      '---\ntitle: Mongolia\n---\n\n## Facts\n\nThe capital of Mongolia is Ulaanbaatar.\n\nMongolia borders Russia and China.\n',
    );
    const change = await live.reload();
    expect(change).toMatchObject({ added: 2, removed: 0, edited: 0 });
    expect(live.answerer).not.toBe(before);
    expect(live.answerer.version).not.toBe(before.version);
    expect(live.answerer.ask('Is Ulaanbaatar a capital?').citations[0]?.address).toBe('mongolia §1.1');
    // The old answerer still answers from the old version: a question asked during a rebuild is not disturbed.
    expect(before.ask('What is APEC?').version).toBe(before.version);
    expect(lines().some((l) => l['msg'] === 'knowledge reloaded: 2 passages added, 0 removed, 0 edited')).toBe(true);
  });

  it('counts edited and removed passages', async () => {
    const dir = copyOfKnowledge();
    writeFileSync(path.join(dir, 'extra.txt'), 'First paragraph.\n\nSecond paragraph.\n');
    const live = await LiveKnowledge.open({ dir, logger: capturingLogger().logger });
    writeFileSync(path.join(dir, 'extra.txt'), 'First paragraph, edited.\n');
    expect(await live.reload()).toMatchObject({ added: 0, removed: 1, edited: 1 });
    unlinkSync(path.join(dir, 'extra.txt'));
    expect(await live.reload()).toMatchObject({ removed: 1 });
    expect(await live.reload()).toBeUndefined();
  });

  it('keeps serving the previous version of a file that breaks, naming the file and the reason', async () => {
    const dir = copyOfKnowledge();
    const { logger, lines } = capturingLogger();
    const live = await LiveKnowledge.open({ dir, logger });
    const version = live.answerer.version;
    writeFileSync(path.join(dir, 'russia-china-relations.md'), '---\ntitle: [broken\n---\n\nGone.\n');
    expect(await live.reload()).toBeUndefined();
    expect(live.answerer.version).toBe(version);
    expect(live.answerer.ask('What is APEC?').answered).toBe(true);
    const error = lines().find((l) => l['level'] === 50);
    expect(error).toMatchObject({ file: 'russia-china-relations.md' });
    expect(String(error?.['msg'])).toMatch(/invalid front matter.*still serving its previous version/);
  });

  it('reloads by itself when a file changes', async () => {
    const dir = copyOfKnowledge();
    const live = await LiveKnowledge.open({ dir, logger: capturingLogger().logger });
    const version = live.answerer.version;
    await live.watch(50);
    writeFileSync(path.join(dir, 'new.md'), '# New\n\nA new document about the Arctic route.\n');
    const deadline = Date.now() + 5000;
    while (live.answerer.version === version && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    live.close();
    expect(live.answerer.version).not.toBe(version);
  });
});

describe('the index snapshot', () => {
  it('round-trips to the same answers', async () => {
    const knowledge = await loadKnowledge('knowledge');
    const built = KnowledgeIndex.build(knowledge);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'snap-')), 'index-snapshot.bin');
    writeSnapshot(built, file);
    const { index } = readSnapshot(file, knowledge.version);
    expect(index).toBeDefined();
    for (const q of ['What is APEC?', 'who is brzezinsky', 'Eurasian Economic Union', 'forums']) {
      expect(index?.search(index.analyze(q), 5).map((h) => [h.passage.address, h.score])).toEqual(
        built.search(built.analyze(q), 5).map((h) => [h.passage.address, h.score]),
      );
    }
    expect(index?.knowledge.passages.map((p) => p.address)).toEqual(knowledge.passages.map((p) => p.address));
  });

  it('is never used for other knowledge', async () => {
    const dir = copyOfKnowledge();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'data-'));
    const file = path.join(dataDir, 'index-snapshot.bin');
    writeSnapshot(KnowledgeIndex.build(await loadKnowledge(dir)), file);
    writeFileSync(path.join(dir, 'new.md'), '# New\n\nFresh text about tundra.\n');
    const { logger, lines } = capturingLogger();
    const live = await LiveKnowledge.open({ dir, logger, snapshotFile: file });
    expect(live.answerer.ask('tundra').answered).toBe(true);
    expect(lines().some((l) => l['msg'] === 'index: snapshot is of other knowledge')).toBe(true);
    expect(readSnapshot(file, 'other').index).toBeUndefined();
    writeFileSync(file, '{"fingerprint":');
    expect(readSnapshot(file, live.answerer.version).reason).toMatch(/snapshot/);
  });
});
