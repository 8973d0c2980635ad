import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveKnowledge } from '../../src/live-knowledge.js';
import { capturingLogger } from '../helpers/logs.js';
import { freePort } from '../helpers/free-port.js';
import { spawnBot } from '../helpers/spawn-bot.js';

const { publicKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('hostile Markdown during a live reload (issue 13, item 5)', () => {
  it('is skipped with a reason, and /healthz keeps answering promptly meanwhile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hostile-'));
    cpSync('knowledge', dir, { recursive: true });
    const port = await freePort();
    const bot = spawnBot({
      KNOWLEDGE_DIR: dir,
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: PUBLIC_KEY,
      DISCORD_APPLICATION_ID: '1234567890',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hostiled-')),
    });
    try {
      expect(await bot.waitFor('"bot ready"')).toBe(true);
      writeFileSync(path.join(dir, 'flat.md'), `# Flat\n\n${'- '.repeat(10_000)}x\n`);
      const deep = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
      writeFileSync(path.join(dir, 'deep.md'), `# Deep\n\n${deep}\n`);
      let slowest = 0;
      const deadline = Date.now() + 30_000;
      const reported = (): boolean => bot.stderr().includes('deep.md: line') && bot.stderr().includes('flat.md: line');
      while (!reported() && Date.now() < deadline) {
        const started = Date.now();
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        slowest = Math.max(slowest, Date.now() - started);
        await sleep(100);
      }
      expect(bot.stderr()).toContain('flat.md: line 3 is nested more than 32 lists or quotes deep; not parsed');
      expect(bot.stderr()).toContain('deep.md: line');
      // Parsing either file takes the parser tens of seconds; a refused file takes no time at all.
      expect(slowest).toBeLessThan(3_000);
    } finally {
      bot.kill();
    }
  }, 60_000);
});

describe('a folder that keeps changing (issue 13, item 6)', () => {
  it('is still reloaded within the maximum wait, while the changes go on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'busy-'));
    cpSync('knowledge', dir, { recursive: true });
    const live = await LiveKnowledge.open({ dir, logger: capturingLogger().logger });
    const version = live.answerer.version;
    await live.watch(300, 1_000);
    let reloadedWhileBusy = false;
    // A change every 100 ms for 4 s: a plain debounce of 300 ms would never fire.
    for (let i = 0; i < 40; i++) {
      writeFileSync(path.join(dir, `copy-${i}.md`), `# Copy ${i}\n\nThe tundra copy number ${i}.\n`);
      await sleep(100);
      if (live.answerer.version !== version) reloadedWhileBusy = true;
    }
    live.close();
    expect(reloadedWhileBusy).toBe(true);
  }, 30_000);
});
