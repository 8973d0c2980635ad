import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../adapters/app.js';
import { parseConfig } from '../adapters/config.js';
import { FakeDiscord } from './helpers/fake-discord.js';
import { FakeSlack, encodeSlashCommand, postSignedRequest } from './helpers/fake-slack.js';
import { capturingLogger } from './helpers/logs.js';

const BOT_TOKEN = 'xoxb-1111-2222-SECRETBOTTOKEN';
const SIGNING_SECRET = 'signing-secret-DO-NOT-LOG-9f8e7d';

describe('the whole bot, as configured for Slack HTTP mode', () => {
  let fake: FakeSlack;
  let app: RunningApp;
  let base: string;
  const logs = capturingLogger('trace');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'app-data-'));
  const responseUrls: string[] = [];

  beforeAll(async () => {
    fake = await FakeSlack.start();
    // Port 0 (any free port) is for tests only: PORT itself must be 1 to 65535.
    const config = {
      ...parseConfig({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'trace',
      }),
      PORT: 0,
    };
    app = await startApp({ config, logger: logs.logger, stdin: new PassThrough(), stdout: new PassThrough() });
    base = `http://127.0.0.1:${app.http?.port ?? 0}`;
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('serves liveness, readiness and metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { knowledge: true, questionLog: 'ok', 'slack-http': true },
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^qabot_passages_indexed 23$/m);
    expect(metrics).toMatch(
      new RegExp(`^qabot_knowledge_info\\{version="${app.knowledge.answerer.version}"\\} 1$`, 'm'),
    );
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/slack/events`)).status).toBe(405);
  });

  it('answers /ask, counts it, and logs it in the question log', async () => {
    for (const text of ['What is APEC?', 'How do I bake bread?']) {
      const payload = fake.slashCommand(text, { command: '/ask' });
      responseUrls.push(payload['response_url'] ?? '');
      const result = await postSignedRequest(`${base}/slack/events`, SIGNING_SECRET, encodeSlashCommand(payload));
      expect(result.status).toBe(200);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^qabot_questions_total\{platform="slack",outcome="answered"\} 1$/m);
    expect(metrics).toMatch(/^qabot_unanswered_questions_total\{platform="slack"\} 1$/m);
    expect(metrics).toMatch(/^qabot_answer_latency_seconds_count\{platform="slack"\} 2$/m);
    // The log writes in batches, off the answer path, within 50 ms.
    let rows: unknown[] = [];
    for (let waited = 0; rows.length < 2 && waited < 2000; waited += 25) {
      await new Promise((r) => setTimeout(r, 25));
      const db = new Database(path.join(dataDir, 'questions.db'), { readonly: true });
      rows = db.prepare('SELECT platform, question, outcome FROM questions ORDER BY at').all();
      db.close();
    }
    expect(rows).toEqual([
      { platform: 'slack', question: 'What is APEC?', outcome: 'answered' },
      { platform: 'slack', question: 'How do I bake bread?', outcome: 'not_covered' },
    ]);
  });

  it('refuses a bad signature with 401', async () => {
    const result = await postSignedRequest(
      `${base}/slack/events`,
      'wrong-secret',
      encodeSlashCommand(fake.slashCommand('What is APEC?')),
    );
    expect(result.status).toBe(401);
  });

  it('never writes a secret into the logs', () => {
    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, ...responseUrls]) expect(text).not.toContain(secret);
  });
});

describe('the whole bot, with the Discord gateway and Slack Socket Mode at once', () => {
  const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GsecretDISCORDtoken.abcdefghijklmnop';
  const APP_TOKEN = 'xapp-1-A0-SECRETAPPTOKEN';
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let app: RunningApp;
  const logs = capturingLogger('trace');
  const secrets: string[] = [DISCORD_TOKEN, APP_TOKEN, BOT_TOKEN];

  beforeAll(async () => {
    discord = await FakeDiscord.start({ token: DISCORD_TOKEN });
    slack = await FakeSlack.start();
    // Port 0 (any free port) is for tests only: PORT itself must be 1 to 65535.
    const config = {
      ...parseConfig({
        DISCORD_TOKEN,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiBase,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'app-data-')),
        LOG_LEVEL: 'trace',
      }),
      PORT: 0,
    };
    app = await startApp({ config, logger: logs.logger, stdin: new PassThrough(), stdout: new PassThrough() });
    await discord.waitForReady();
  });

  afterAll(async () => {
    await app.stop();
    await discord.close();
    await slack.close();
  });

  it('is ready once both platforms are connected', async () => {
    const deadline = Date.now() + 5000;
    let body: unknown;
    while (Date.now() < deadline) {
      const response = await fetch(`http://127.0.0.1:${app.http?.port ?? 0}/readyz`);
      body = await response.json();
      if (response.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toEqual({
      ready: true,
      checks: { knowledge: true, questionLog: 'ok', 'discord-gateway': true, 'slack-socket': true },
    });
  });

  it('answers on both, and no credential reaches the logs', async () => {
    const interaction = discord.chatInput('ask', [{ name: 'question', type: 3, value: 'What is APEC?' }]);
    secrets.push((interaction as { token: string }).token);
    discord.dispatchInteraction(interaction);
    const callback = await discord.waitForCallback(interaction.id);
    expect(JSON.stringify(callback.body)).toContain('russia-china-relations §1.6');

    const command = slack.slashCommand('What is APEC?', { command: '/ask' });
    secrets.push(command['response_url'] ?? '');
    const ack = await slack.sendEnvelope('slash_commands', command);
    expect(JSON.stringify(ack.payload)).toContain('russia-china-relations §1.6');

    const text = logs.text();
    expect(text).toContain('What is APEC?');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
