import { generateKeyPairSync, sign } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBulkNotes } from '../helpers/bulk-notes.js';
import { freePort } from '../helpers/free-port.js';
import { spawnBot } from '../helpers/spawn-bot.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const APPLICATION_ID = '1234567890';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** 8,000 small files in 80 folders, a hostile one, and one that says something new. */
function bulkFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bulk-'));
  writeBulkNotes(dir, 80);
  writeFileSync(path.join(dir, 'flat.md'), `# Flat\n\n${'- '.repeat(10_000)}x\n`);
  writeFileSync(path.join(dir, 'walrus.md'), '# Walrus\n\nThe walrus treaty of Anadyr was signed in 1987.\n');
  return dir;
}

describe('a reload of thousands of files with a hostile one (issue 13, items 5 and 6)', () => {
  it('keeps /healthz and questions answering promptly, then serves the new knowledge', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'offthread-'));
    cpSync('knowledge', dir, { recursive: true });
    const bulk = bulkFolder();
    const port = await freePort();
    const bot = spawnBot({
      KNOWLEDGE_DIR: dir,
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: PUBLIC_KEY,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      // Nothing listens there: no reply may leave this test.
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'offthreadd-')),
    });
    let id = 100;
    /** Asks over Discord's HTTP interactions; the reply's text (empty if deferred) and how long it took. */
    const ask = async (question: string): Promise<{ ms: number; status: number; content: string }> => {
      const text = JSON.stringify({
        id: String(id++),
        application_id: APPLICATION_ID,
        type: 2,
        token: 'interaction-token',
        channel_id: '5',
        guild_id: '6',
        member: { user: { id: String(id), username: 'u' } },
        data: { id: '7', name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: question }] },
      });
      const ts = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(ts + text), privateKey).toString('hex');
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': ts },
        body: text,
      });
      const body = (await response.json()) as { data?: { content?: string; embeds?: unknown } };
      return { ms: Date.now() - started, status: response.status, content: JSON.stringify(body.data ?? {}) };
    };
    try {
      expect(await bot.waitFor('"bot ready"')).toBe(true);
      expect((await ask('What is APEC?')).content).toContain('APEC');
      cpSync(bulk, path.join(dir, 'bulk'), { recursive: true });
      let slowestHealth = 0;
      let slowestAnswer = 0;
      let answers = 0;
      const deadline = Date.now() + 120_000;
      const reloaded = (): boolean => /knowledge reloaded: \d{4,} passages added/.test(bot.stderr());
      while (!reloaded() && Date.now() < deadline) {
        const started = Date.now();
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        slowestHealth = Math.max(slowestHealth, Date.now() - started);
        const answer = await ask('What is APEC?');
        expect(answer.status).toBe(200);
        slowestAnswer = Math.max(slowestAnswer, answer.ms);
        answers++;
        await sleep(100);
      }
      expect(reloaded()).toBe(true);
      expect(answers).toBeGreaterThan(0);
      // Parsing and indexing 8,000 files takes seconds; none of it may hold up answering.
      expect(slowestHealth).toBeLessThan(2_500);
      expect(slowestAnswer).toBeLessThan(4_000);
      expect(bot.stderr()).toContain('flat.md: line 3 is nested more than 32 lists or quotes deep; not parsed');
      expect((await ask('When was the walrus treaty of Anadyr signed?')).content).toContain('1987');
      const line = bot
        .stderr()
        .split('\n')
        .find((l) => l.includes('knowledge reloaded'));
      console.log(
        `slowest /healthz ${slowestHealth} ms, slowest answer ${slowestAnswer} ms, ${answers} answers; ${line}`,
      );
    } finally {
      bot.kill();
    }
  }, 180_000);
});
