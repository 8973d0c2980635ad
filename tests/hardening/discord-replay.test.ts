import { generateKeyPairSync, sign } from 'node:crypto';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { spawnBot, type SpawnedBot } from '../helpers/spawn-bot.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const APPLICATION_ID = '1234567890';

describe('a captured Discord request, replayed (issue 13, item 8)', () => {
  let bot: SpawnedBot;
  let url: string;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'replay-'));
  const rows = async (): Promise<number> => {
    await new Promise((r) => setTimeout(r, 500)); // the log writes in batches, every 50 ms
    const db = new Database(path.join(dataDir, 'questions.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM questions').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/discord/interactions`;
    bot = spawnBot({
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: PUBLIC_KEY,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      // Nothing listens there: no reply may leave this test.
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      PORT: String(port),
      DATA_DIR: dataDir,
    });
    expect(await bot.waitFor('"bot ready"')).toBe(true);
  }, 30_000);
  afterAll(() => bot.kill());

  const post = async (body: object, timestamp: number): Promise<number> => {
    const text = JSON.stringify(body);
    const ts = String(timestamp);
    const signature = sign(null, Buffer.from(ts + text), privateKey).toString('hex');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': ts },
      body: text,
    });
    await response.text();
    return response.status;
  };
  const ask = {
    id: '99',
    application_id: APPLICATION_ID,
    type: 2,
    token: 'interaction-token',
    channel_id: '5',
    guild_id: '6',
    member: { user: { id: '42', username: 'u' } },
    data: { id: '7', name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: 'What is APEC?' }] },
  };

  it('is refused with 401 when signed but dated 2001, or more than 5 minutes ahead; a fresh one is answered', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = [];
    for (let i = 0; i < 12; i++) stale.push(await post(ask, 978_307_200));
    expect(stale).toEqual(Array(12).fill(401));
    expect(await post(ask, now + 3600)).toBe(401);
    expect(await post(ask, now - 301)).toBe(401);
    expect(await rows()).toBe(0);
    expect(bot.stderr()).toContain('a replay?');
    expect(await post({ id: '1', application_id: APPLICATION_ID, type: 1, token: 't' }, now)).toBe(200);
    expect(await post(ask, now)).toBe(200);
    expect(await rows()).toBe(1);
  }, 30_000);
});
