import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { KnowledgeIndex } from '../../src/search/knowledge-index.js';
import { readSnapshot, snapshotPath, writeSnapshot } from '../../src/search/snapshot-file.js';
import { spawnBot } from '../helpers/spawn-bot.js';

const ARRAYS = [
  'passageRanges',
  'documentFrequency',
  'offsets',
  'postings',
  'fieldLength',
  'textBytes',
  'textLengths',
] as const;

/** A fresh copy of the shipped knowledge and a data folder holding its snapshot. */
async function snapshotted(): Promise<{ dir: string; dataDir: string; file: string; version: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'snapk-'));
  cpSync('knowledge', dir, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'snapd-'));
  const knowledge = await loadKnowledge(dir);
  const file = snapshotPath(dataDir);
  writeSnapshot(KnowledgeIndex.build(knowledge), file);
  return { dir, dataDir, file, version: knowledge.version };
}

/** Where each region of a snapshot file starts: its header, each array, the passage text. */
function regions(body: Buffer): Record<'header' | 'text' | (typeof ARRAYS)[number], number> {
  const headLength = body.readUInt32LE(8);
  const header = JSON.parse(body.toString('utf8', 12, 12 + headLength)) as { lengths: Record<string, number> };
  let at = Math.ceil((12 + headLength) / 4) * 4;
  const out: Record<string, number> = { header: 12 };
  for (const name of ARRAYS) {
    out[name] = at;
    at += (header.lengths[name] ?? 0) * 4;
  }
  out['text'] = at;
  return out as Record<'header' | 'text' | (typeof ARRAYS)[number], number>;
}

describe('an altered index snapshot (issue 13, item 1)', () => {
  it('is refused whatever region one byte was changed in, and the index is rebuilt from the documents', async () => {
    const { file, version } = await snapshotted();
    const good = readFileSync(file);
    expect(readSnapshot(file, version).index).toBeDefined();
    const at = regions(good);
    const where = {
      header: good.indexOf('"averageFieldLength"') + 22,
      'passage text': good.indexOf('mutual security', at.text) + 7,
      offsets: at.offsets + 4 * 7,
      postings: at.postings + 4 * 11,
    };
    for (const [region, offset] of Object.entries(where)) {
      expect(offset, region).toBeGreaterThan(0);
      const bad = Buffer.from(good);
      bad[offset] = (bad[offset] ?? 0) ^ 0x5a;
      writeFileSync(file, bad);
      const read = readSnapshot(file, version);
      expect(read.index, region).toBeUndefined();
      expect(read.reason, region).toMatch(/checksum/);
    }
  });

  it('with "security" changed to "distrust" in its passage text: the real bot quotes only what the document says', async () => {
    const { dir, dataDir, file } = await snapshotted();
    const body = readFileSync(file);
    const at = body.indexOf('mutual security', regions(body).text);
    body.write('mutual distrust', at, 'utf8');
    writeFileSync(file, body);
    const bot = spawnBot(
      { KNOWLEDGE_DIR: dir, DATA_DIR: dataDir, QUESTION_LOG: 'off' },
      'What about mutual security?\n',
    );
    const code = await bot.exited;
    expect(code).toBe(0);
    expect(bot.stdout()).toContain('security');
    expect(bot.stdout()).not.toContain('distrust');
    expect(bot.stderr()).toMatch(/snapshot checksum does not match/);
  }, 60_000);

  it('whose checksum was made to match scrambled offsets: refused by the bounds check, never searched', async () => {
    const { file, version } = await snapshotted();
    const body = readFileSync(file);
    const at = regions(body);
    for (let i = at.offsets; i < at.postings; i += 4) body.writeUInt32LE(0xffff_fff0 - (i % 977), i);
    const end = body.length - 32;
    (await import('node:crypto')).createHash('sha256').update(body.subarray(0, end)).digest().copy(body, end);
    writeFileSync(file, body);
    const read = readSnapshot(file, version);
    expect(read.index).toBeUndefined();
    expect(read.reason).toMatch(/offsets/);
  });
});
