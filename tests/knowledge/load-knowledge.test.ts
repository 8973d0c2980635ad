import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKnowledge, loadKnowledge } from '../../src/knowledge/load-knowledge.js';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'knowledge-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('the bundled essay', () => {
  it('keeps its four headings as sections, its paragraphs and bullets as passages', async () => {
    const knowledge = await loadKnowledge('knowledge');
    const [essay] = knowledge.documents;
    expect(essay?.title).toBe('Russia–China relations');
    expect(essay?.sections.map((s) => s.heading)).toEqual([
      'Characteristics of relationship',
      'Confrontation on the world scene',
      'China and Russia share similar approaches',
      'A Potential Synthesis – “SinoRusso Twins”, a co-living symbiosis',
    ]);
    expect(essay?.sections.map((s) => s.passages.length)).toEqual([7, 4, 5, 7]);
    const bullets = essay?.sections[3]?.passages.slice(1).map((p) => p.text);
    expect(bullets?.[0]).toBe('it seems to be a birth of some new geopolitical form');
    expect(bullets?.every((b) => !b.startsWith('-') && !b.startsWith('•'))).toBe(true);
  });

  it('gives every passage a typeable address, the same on every load', async () => {
    const a = await loadKnowledge('knowledge');
    const b = await loadKnowledge('knowledge');
    expect(a.passages.map((p) => p.address)).toEqual(b.passages.map((p) => p.address));
    expect(a.version).toBe(b.version);
    expect(a.passages[0]?.address).toBe('russia-china-relations §1.1');
    expect(a.passages.find((p) => p.text.includes('Amur River'))?.address).toBe('russia-china-relations §1.7');
  });

  it('quotes passages verbatim from the seed text', async () => {
    const { readFileSync } = await import('node:fs');
    const seed = readFileSync('tests/fixtures/russia-china-relations.txt', 'utf8');
    const knowledge = await loadKnowledge('knowledge');
    for (const passage of knowledge.passages) expect(seed).toContain(passage.text);
  });
});

describe('loading a knowledge folder', () => {
  it('skips bad files with a one-line reason naming each, and loads the rest', async () => {
    const dir = folder({
      'good.md': '---\ntitle: Good\nurl: https://example.org/good\n---\n\n## One\n\nA fine paragraph.\n',
      'empty.md': '  \n\n',
      'binary.txt': Buffer.from([0x00, 0x01, 0x02, 0xff]),
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      'bad-front-matter.md': '---\ntitle: [unclosed\n---\n\nText.\n',
      'list-front-matter.md': '---\n- a\n- b\n---\n\nText.\n',
      'notes.json': '{"ignored": true}',
    });
    symlinkSync(path.join(dir, 'missing-target.md'), path.join(dir, 'unreadable.md'));
    const knowledge = await loadKnowledge(dir);
    expect(knowledge.documents.map((d) => d.file)).toEqual(['good.md']);
    const messages = knowledge.problems.map((p) => p.message);
    expect([...messages].sort()).toEqual([
      expect.stringMatching(/^bad-front-matter\.md: invalid front matter: .+ at line 1, column \d+$/),
      'binary.txt: binary file, not text',
      'empty.md: empty file',
      'latin1.txt: not valid UTF-8 text',
      'list-front-matter.md: invalid front matter: expected "key: value" lines',
      'unreadable.md: cannot read (ENOENT)',
    ]);
    for (const m of messages) expect(m).not.toContain('\n');
    expect(knowledge.passages[0]?.document.url).toBe('https://example.org/good');
  });

  it('stops with a clear message when no document is usable', async () => {
    const dir = folder({ 'empty.md': '', 'README': 'not a knowledge file' });
    await expect(loadKnowledge(dir)).rejects.toThrow(/no usable document in .*empty\.md: empty file/);
    await expect(loadKnowledge(path.join(dir, 'nope'))).rejects.toThrow(/cannot read folder .* \(ENOENT\); set KNOWLEDGE_DIR/);
  });

  it('cuts a plain-text file without blank lines into quotable passages', () => {
    const sentence = 'The nation must invest in roads and schools for every citizen today. ';
    const text = sentence.repeat(60);
    const knowledge = buildKnowledge([{ file: 'speeches/1790-washington.txt', bytes: Buffer.from(text) }]);
    const words = knowledge.passages.map((p) => p.text.split(/\s+/).length);
    expect(knowledge.passages.length).toBeGreaterThan(4);
    expect(Math.max(...words)).toBeLessThanOrEqual(150);
    expect(knowledge.passages[0]?.address).toBe('speeches-1790-washington §1.1');
    expect(knowledge.documents[0]?.title).toBe('1790 washington');
  });

  it('takes the title from a leading level-1 heading when there is no front matter', () => {
    const md = '# The Title\n\nIntro paragraph.\n\n## Part\n\nBody.\n';
    const knowledge = buildKnowledge([{ file: 'doc.md', bytes: Buffer.from(md) }]);
    expect(knowledge.documents[0]?.title).toBe('The Title');
    expect(knowledge.passages.map((p) => p.address)).toEqual(['doc §1.1', 'doc §2.1']);
    expect(knowledge.passages[0]?.section.heading).toBe('The Title');
  });

  it('rejects a url that is not http(s)', () => {
    const md = '---\ntitle: T\nurl: javascript:alert(1)\n---\n\nText.\n';
    const knowledge = buildKnowledge([{ file: 'x.md', bytes: Buffer.from(md) }]);
    expect(knowledge.documents).toHaveLength(0);
    expect(knowledge.problems[0]?.message).toMatch(/^x\.md: front matter url must start with http/);
  });
});
