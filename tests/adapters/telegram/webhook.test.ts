import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../../adapters/server/http-server.js';
import { textMessage } from '../../helpers/fake-telegram.js';
import { capturingLogger } from '../../helpers/logs.js';
import { SECRET, startHarness, TOKEN, type Harness } from './harness.js';

describe('Telegram over a webhook on the shared HTTP server', () => {
  let h: Harness;
  let http: RunningHttpServer;
  const post = (body: string, secret?: string): Promise<Response> =>
    fetch(`http://127.0.0.1:${http.port}/telegram/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
      },
      body,
    });

  beforeAll(async () => {
    h = await startHarness({ mode: 'webhook' });
    const handler = h.bot.httpHandler;
    if (handler === undefined) throw new Error('no webhook handler');
    http = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger: capturingLogger().logger,
      registry: new Registry(),
      readiness: () => ({ telegram: h.bot.isReady() }),
      routes: { 'POST /telegram/webhook': handler },
    });
  });
  afterAll(async () => {
    await http.close();
    await h.close();
  });

  it('registers the webhook with its secret at start', async () => {
    const call = await h.fake.waitFor('setWebhook');
    expect(call.body).toMatchObject({ url: 'https://bot.example.org/telegram/webhook', secret_token: SECRET });
    expect(h.fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    expect(h.bot.isReady()).toBe(true);
  });

  it('answers an update posted with the right secret', async () => {
    const res = await post(
      JSON.stringify({ update_id: 1, ...textMessage('What is the partnership?', { userId: 41 }) }),
      SECRET,
    );
    expect(res.status).toBe(200);
    const call = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 41);
    expect(String(call.body.text)).toContain('<blockquote>');
  });

  it('refuses a wrong or missing secret with 401, and handles nothing', async () => {
    const update = JSON.stringify({ update_id: 2, ...textMessage('What is the partnership?', { userId: 42 }) });
    expect((await post(update, 'wrong')).status).toBe(401);
    expect((await post(update)).status).toBe(401);
    expect((await post(update, `${SECRET}x`)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.calls.filter((c) => c.body.chat_id === 42)).toEqual([]);
  });

  it('answers 400 to a body that is not JSON, and 413 to one too large', async () => {
    expect((await post('{not json', SECRET)).status).toBe(400);
    expect((await post(`"${'x'.repeat(1024 * 1024 + 10)}"`, SECRET)).status).toBe(413);
  });

  it('never logs the token', () => {
    expect(h.logs()).not.toContain(TOKEN.split(':')[1]);
  });
});
