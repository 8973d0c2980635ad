import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../adapters/app.js';
import { parseConfig } from '../../../adapters/config.js';
import { startFakeTelegram, textMessage, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { capturingLogger } from '../../helpers/logs.js';
import { SECRET, TOKEN } from './harness.js';

const env = (fake: FakeTelegram, more: Record<string, string> = {}) => ({
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_URL: fake.apiRoot,
  TELEGRAM_MODE: 'webhook',
  TELEGRAM_WEBHOOK_SECRET: SECRET,
  TELEGRAM_CHAT_ALLOWLIST: '-100777',
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tg-app-')),
  LOG_LEVEL: 'trace',
  ...more,
});
// Port 0 (any free port) is for tests only: PORT itself must be 1 to 65535.
const configOf = (vars: Record<string, string>) => ({ ...parseConfig(vars), PORT: 0 });
const io = () => ({ stdin: new PassThrough(), stdout: new PassThrough() });

describe('the whole bot, as configured for a Telegram webhook', () => {
  let fake: FakeTelegram;
  let app: RunningApp;
  let base: string;
  const logs = capturingLogger('trace');

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN });
    app = await startApp({ config: configOf(env(fake)), logger: logs.logger, ...io() });
    base = `http://127.0.0.1:${app.http?.port ?? 0}/telegram/webhook`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('is ready, mounts the webhook route, and keeps the chat allow-list', async () => {
    const ready = await fetch(base.replace('/telegram/webhook', '/readyz'));
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { knowledge: true, questionLog: 'ok', 'telegram-webhook': true },
    });
    const post = (chatId: number, secret: string) =>
      fetch(base, {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify({
          update_id: 1,
          ...textMessage('/ask What is APEC?', { userId: 5, group: true, chatId }),
        }),
      });
    expect((await post(-100777, 'nope')).status).toBe(401);
    expect((await post(-100777, SECRET)).status).toBe(200);
    expect((await post(-100778, SECRET)).status).toBe(200);
    expect(String((await fake.waitFor('sendMessage', (b) => b.chat_id === -100777)).body.text)).toContain('APEC');
    expect(String((await fake.waitFor('sendMessage', (b) => b.chat_id === -100778)).body.text)).toMatch(/not set up/);
  });

  it('never logs the token or the secret', () => {
    expect(logs.text()).not.toContain(TOKEN.split(':')[1]);
    expect(logs.text()).not.toContain(SECRET);
  });
});

describe('a Telegram token the API refuses', () => {
  it('stops the start with one clear line, without the token', async () => {
    const fake = await startFakeTelegram({ token: 'another:token' });
    const logs = capturingLogger('trace');
    try {
      const started = startApp({
        config: configOf(env(fake, { TELEGRAM_MODE: 'polling' })),
        logger: logs.logger,
        ...io(),
      });
      await expect(started).rejects.toMatchObject({ code: 'TELEGRAM_START', message: expect.stringMatching(/401/) });
      await started.catch((error: Error) => expect(error.message).not.toContain(TOKEN.split(':')[1]));
      expect(logs.text()).not.toContain(TOKEN.split(':')[1]);
    } finally {
      await fake.close();
    }
  });
});

describe('a Telegram API that cannot be reached', () => {
  it('stops the start with one clear line, without the token', async () => {
    const logs = capturingLogger('trace');
    const config = configOf({ ...env({ apiRoot: 'http://127.0.0.1:9' } as FakeTelegram), TELEGRAM_MODE: 'polling' });
    const started = startApp({ config, logger: logs.logger, ...io() });
    await expect(started).rejects.toMatchObject({ code: 'TELEGRAM_START', message: expect.stringMatching(/getMe/) });
    await started.catch((error: Error) => expect(error.message).not.toContain(TOKEN.split(':')[1]));
    expect(logs.text()).not.toContain(TOKEN.split(':')[1]);
  });
});

describe('Telegram configuration', () => {
  it('says what is missing or malformed', () => {
    expect(() => configOf({ TELEGRAM_MODE: 'webhook' })).toThrow(
      /TELEGRAM_BOT_TOKEN: required[\s\S]*TELEGRAM_WEBHOOK_SECRET: required/,
    );
    expect(() => configOf({ TELEGRAM_BOT_TOKEN: 'nocolon' })).toThrow(/TELEGRAM_BOT_TOKEN: must look like/);
    expect(() => configOf({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_WEBHOOK_SECRET: 'has space' })).toThrow(/A-Z a-z 0-9/);
  });
});
