import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../adapters/app.js';
import type { InteractionHandler } from '../adapters/discord/interactions.js';
import { deliver } from '../adapters/discord/respond.js';
import { METRIC_PREFIX, PrometheusMetrics } from '../adapters/server/prometheus.js';
import { parseConfig } from '../adapters/config.js';
import { PgQuestionLog } from '../src/log/pg-question-log.js';
import { SqliteQuestionLog } from '../src/log/sqlite-question-log.js';
import { redisClient } from '../src/store/redis-client.js';
import { RedisRateLimiter } from '../src/store/redis-stores.js';
import { FakeDiscord } from './helpers/fake-discord.js';
import {
  FAKE_SLACK_DEFAULTS,
  FakeSlack,
  encodeEvent,
  encodeSlashCommand,
  postSignedRequest,
} from './helpers/fake-slack.js';
import { capturingLogger } from './helpers/logs.js';

const SIGNING_SECRET = 'metrics-test-signing-secret';
/** Every metric the README and docs/ name; each must move below. */
const PAGES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/** Names with the prefix that are PostgreSQL tables, not metrics (the docs name them too). */
const TABLES = readFileSync('src/log/pg-migrate.ts', 'utf8');
const DOCUMENTED = [
  ...new Set(
    PAGES.flatMap((page) => readFileSync(page, 'utf8').match(new RegExp(`\\b${METRIC_PREFIX}[a-z_]+`, 'g')) ?? []),
  ),
].filter((name) => !new RegExp(`\\b${name}\\b`).test(TABLES));
const moved = new Set<string>();

/** The value of one sample line, e.g. `qabot_refusals_total{platform="slack",reason="rate_limited"}`. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

async function waitFor(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('metrics: every documented one moves', () => {
  let fake: FakeSlack;
  let app: RunningApp;
  let base: string;
  let ops: string;
  const knowledgeDir = mkdtempSync(path.join(tmpdir(), 'metrics-knowledge-'));
  const scrape = async (): Promise<string> => (await fetch(`${ops}/metrics`)).text();
  const expectMoved = async (line: string, value = 1): Promise<void> => {
    expect(sample(await scrape(), line), line).toBeGreaterThanOrEqual(value);
    moved.add(line.replace(/[{ ].*$/, '').replace(/_(count|sum|bucket)$/, ''));
  };

  beforeAll(async () => {
    cpSync('knowledge', knowledgeDir, { recursive: true });
    fake = await FakeSlack.start();
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-metrics',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_CHANNEL_ALLOWLIST: `${FAKE_SLACK_DEFAULTS.channelId},${FAKE_SLACK_DEFAULTS.dmChannelId}`,
      RATE_LIMIT_QUESTIONS: '4',
      // Port 0 (any free port) is for tests only: it is set after parsing, since PORT must be 1 to 65535.
      METRICS_PORT: '1',
      KNOWLEDGE_DIR: knowledgeDir,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'metrics-data-')),
    });
    app = await startApp({
      config: { ...config, PORT: 0, METRICS_PORT: 0 },
      logger: capturingLogger('error').logger,
      stdin: new PassThrough(),
      stdout: new PassThrough(),
    });
    base = `http://127.0.0.1:${app.http?.port ?? 0}`;
    ops = `http://127.0.0.1:${app.ops?.port ?? 0}`;
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
    rmSync(knowledgeDir, { recursive: true, force: true });
  });

  it('serves health and metrics on METRICS_PORT, and no metrics on the platform port', async () => {
    expect(app.ops?.port).not.toBe(app.http?.port);
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    expect((await fetch(`${ops}/slack/events`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await scrape()).not.toMatch(/^bot_/m);
  });

  it('counts questions, the unanswered, latency, refusals by reason and feedback', async () => {
    const ask = (text: string, extra: Parameters<FakeSlack['slashCommand']>[1] = {}) =>
      postSignedRequest(`${base}/slack/events`, SIGNING_SECRET, encodeSlashCommand(fake.slashCommand(text, extra)));
    await ask('What is APEC?');
    await ask('How do I bake bread?');
    await ask('What is APEC?', { channel_id: 'C0ELSEWHERE' });
    for (let i = 0; i < 3; i++) await ask('What is APEC?');
    app.service.feedback({ platform: 'slack', userId: FAKE_SLACK_DEFAULTS.userId }, 'someanswer', 'up');

    await expectMoved('qabot_questions_total{platform="slack",outcome="answered"}', 2);
    await expectMoved('qabot_unanswered_questions_total{platform="slack"}');
    await expectMoved('qabot_answer_latency_seconds_count{platform="slack"}', 3);
    await expectMoved('qabot_refusals_total{platform="slack",reason="not_allowed"}');
    await expectMoved('qabot_refusals_total{platform="slack",reason="rate_limited"}');
    await expectMoved('qabot_feedback_total{platform="slack",vote="up"}');
    await expectMoved('qabot_passages_indexed', 23);
    await expectMoved(`qabot_knowledge_info{version="${app.knowledge.answerer.version}"}`);
  });

  it('counts a reply Slack did not take, by its error code', async () => {
    fake.override('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    const mention = encodeEvent(
      fake.appMention(`<@${FAKE_SLACK_DEFAULTS.botUserId}> What is BRICS?`, { user: 'U0OTHER' }),
    );
    expect((await postSignedRequest(`${base}/slack/events`, SIGNING_SECRET, mention)).status).toBe(200);
    await waitFor(
      async () =>
        (sample(await scrape(), 'qabot_delivery_failures_total{platform="slack",reason="not_in_channel"}') ?? 0) >= 1,
    );
    await expectMoved('qabot_delivery_failures_total{platform="slack",reason="not_in_channel"}');
    fake.override('chat.postMessage', undefined);
  });

  it('counts knowledge reloads that worked and that failed', async () => {
    writeFileSync(path.join(knowledgeDir, 'extra.md'), '# Extra\n\nA new paragraph about tea ceremonies.\n');
    await waitFor(async () => (sample(await scrape(), 'qabot_knowledge_reloads_total{result="ok"}') ?? 0) >= 1);
    await expectMoved('qabot_knowledge_reloads_total{result="ok"}');
    for (const file of ['extra.md', 'russia-china-relations.md'])
      rmSync(path.join(knowledgeDir, file), { force: true });
    await waitFor(async () => (sample(await scrape(), 'qabot_knowledge_reloads_total{result="failed"}') ?? 0) >= 1);
    await expectMoved('qabot_knowledge_reloads_total{result="failed"}');
  }, 40_000);

  it('counts questions refused while shutting down', async () => {
    app.service.drain();
    const reply = await app.service.ask({ asker: { platform: 'slack', userId: 'U0LATE' }, question: 'What is APEC?' });
    expect(reply.kind).toBe('refused');
    await expectMoved('qabot_refusals_total{platform="slack",reason="shutting_down"}');
  });

  it('counts Discord deferrals and replies Discord did not take', async () => {
    const discord = await FakeDiscord.start();
    const metrics = new PrometheusMetrics();
    const slow: InteractionHandler = async () => {
      await new Promise((r) => setTimeout(r, 200));
      return { response: { type: 4, data: { content: 'late', allowed_mentions: { parse: [] } } } };
    };
    const interaction = {
      id: '1',
      token: 'no-such-interaction',
      kind: 'command' as const,
      name: 'ask',
      options: {},
      userId: '2',
      canPostPublicly: true,
    };
    await deliver(interaction, slow, async () => {}, {
      rest: new REST({ api: discord.apiBase, retries: 0 }),
      applicationId: discord.applicationId,
      logger: capturingLogger('silent').logger,
      deferAfterMs: 10,
      metrics,
    });
    await discord.close();
    const text = await metrics.registry.metrics();
    expect(sample(text, 'qabot_deferrals_total{platform="discord"}')).toBe(1);
    expect(text).toMatch(/^qabot_delivery_failures_total\{platform="discord",reason="[a-z0-9_]+"\} 1$/m);
    moved.add('qabot_deferrals_total');
    moved.add('qabot_delivery_failures_total');
  });

  it('counts store errors, Redis fallbacks, and question-log rows queued and dropped, from the real stores', async () => {
    const metrics = new PrometheusMetrics();
    const { logger } = capturingLogger('fatal');
    const text = async (): Promise<string> => metrics.registry.metrics();
    // A DATA_DIR that is a file: the SQLite log cannot open (start-up would stop here, with one line).
    const notADir = path.join(mkdtempSync(path.join(tmpdir(), 'metrics-data-')), 'file');
    writeFileSync(notADir, 'a file where the data folder should be');
    expect(() =>
      SqliteQuestionLog.create({
        dataDir: path.join(notADir, 'data'),
        retentionDays: 1,
        logger,
        onError: (operation) => metrics.storeError('question_log', operation),
      }),
    ).toThrow(/DATA_DIR/);
    // PostgreSQL and Redis that are not there (port 9, discard): rows queue, then drop; limits fall back.
    const pgLog = new PgQuestionLog({
      url: 'postgres://nobody@127.0.0.1:9/none',
      retentionDays: 1,
      logger,
      metrics,
      maxQueued: 1,
    });
    for (const id of ['m1', 'm2'])
      pgLog.record({
        id,
        at: 0,
        platform: 'slack',
        userId: 'u',
        question: 'q',
        outcome: 'answered',
        topAddress: null,
        latencyMs: 1,
      });
    await pgLog.flush();
    const redis = await redisClient('redis://127.0.0.1:9', logger, 100);
    await new RedisRateLimiter({ redis, prefix: 'metrics-test:', logger, metrics }).take('u', 1, 1_000);
    redis.disconnect();
    await pgLog.close(100);
    const body = await text();
    for (const line of [
      'qabot_store_errors_total{store="question_log",operation="open"}',
      'qabot_question_log_dropped_total',
      'qabot_question_log_queued',
      'qabot_store_fallbacks_total{store="redis",operation="rate_limit"}',
    ]) {
      expect(sample(body, line), line).toBeGreaterThanOrEqual(1);
      moved.add(line.replace(/[{ ].*$/, ''));
    }
  });

  it('leaves no documented metric unmoved', () => {
    expect(DOCUMENTED.length).toBeGreaterThanOrEqual(11);
    expect(DOCUMENTED.filter((name) => !moved.has(name))).toEqual([]);
  });
});
