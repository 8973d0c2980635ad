import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgQuestionLog } from '../../src/log/pg-question-log.js';
import { PG_MIGRATIONS, migratePg } from '../../src/log/pg-migrate.js';
import { buildPgReport, buildReport } from '../../src/log/report.js';
import { SqliteQuestionLog } from '../../src/log/sqlite-question-log.js';
import type { FeedbackRecord, QuestionRecord } from '../../src/question-log.js';
import { capturingLogger } from '../helpers/logs.js';
import { PG_URL, isolated, portOf, serversUnreachable, urlWithSchema } from '../helpers/servers.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

const unreachable = await serversUnreachable();

const question = (id: string, extra: Partial<QuestionRecord> = {}): QuestionRecord => ({
  id,
  at: Date.UTC(2026, 5, 1, 12),
  platform: 'slack',
  userId: 'hash1',
  question: 'What is APEC?',
  outcome: 'answered',
  topAddress: 'russia-china-relations §1.6',
  latencyMs: 0.25,
  ...extra,
});
const vote = (answerId: string, v: 'up' | 'down', extra: Partial<FeedbackRecord> = {}): FeedbackRecord => ({
  answerId,
  platform: 'slack',
  userId: 'hash2',
  vote: v,
  at: Date.UTC(2026, 5, 1, 13),
  ...extra,
});
const until = async (check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(unreachable !== undefined)('question log on PostgreSQL', () => {
  let env: Awaited<ReturnType<typeof isolated>>;
  let admin: pg.Pool;
  const count = async (table: string): Promise<number> =>
    Number((await admin.query(`SELECT COUNT(*) AS n FROM ${env.schema}.${table}`)).rows[0].n);
  beforeAll(async () => {
    env = await isolated();
    admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
  });
  afterAll(async () => {
    await admin.end();
    await env.drop();
  });

  it('migrations started by 3 replicas at once apply exactly once', async () => {
    const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: env.url, max: 1 }));
    const applied = await Promise.all(pools.map((p) => migratePg(p)));
    await Promise.all(pools.map((p) => p.end()));
    expect(applied.flat()).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    const versions = await admin.query(`SELECT version FROM ${env.schema}.qabot_schema_version`);
    expect(versions.rows).toEqual([{ version: 1 }]);
  });

  it('keeps what SQLite keeps, and the report is the same', async () => {
    const { logger } = capturingLogger();
    const log = new PgQuestionLog({ url: env.url, retentionDays: 30, logger });
    const sqlite = SqliteQuestionLog.create({
      dataDir: mkdtempSync(path.join(tmpdir(), 'pg-log-')),
      retentionDays: 30,
      logger,
    });
    const rows: Array<(l: PgQuestionLog | SqliteQuestionLog) => void> = [
      (l) => l.record(question('a1')),
      (l) => l.record(question('a2', { outcome: 'not_covered', question: 'How do I bake bread?', topAddress: null })),
      (l) =>
        l.record(
          question('a3', {
            outcome: 'not_covered',
            question: ' how do i bake BREAD?',
            topAddress: null,
            platform: 'discord',
          }),
        ),
      (l) => l.feedback(vote('a1', 'up')),
      (l) => l.feedback(vote('a1', 'down', { address: 'russia-china-relations §2.1', userId: 'hash3' })),
      (l) => l.feedback(vote('a1', 'down', { userId: 'hash3' })),
      (l) => l.feedback(vote('a1', 'up', { userId: 'hash3' })),
      (l) => l.feedback(vote('missing', 'up')),
    ];
    for (const row of rows) {
      row(log);
      row(sqlite);
    }
    await log.flush();
    sqlite.flush();
    expect(log.health()).toBe('ok');
    expect(await buildPgReport(log.pool)).toEqual(buildReport(sqlite.db));
    expect(await count('questions')).toBe(3);
    sqlite.close();
    await log.close();
  });

  it('a vote that reaches the database before the answer it rates (given by another replica) waits for it', async () => {
    const { logger } = capturingLogger();
    const voter = new PgQuestionLog({ url: env.url, retentionDays: 30, logger });
    const answerer = new PgQuestionLog({ url: env.url, retentionDays: 30, logger });
    voter.feedback(vote('race-1', 'up'));
    await voter.flush();
    const votes = async (): Promise<number> =>
      Number(
        (await admin.query(`SELECT COUNT(*) AS n FROM ${env.schema}.feedback WHERE answer_id = 'race-1'`)).rows[0].n,
      );
    expect(await votes()).toBe(0);
    answerer.record(question('race-1'));
    await answerer.flush();
    await until(async () => (await votes()) === 1);
    await Promise.all([voter.close(), answerer.close()]);
  });

  it('PostgreSQL down: answers go on, rows wait (degraded), and are written when it is back', async () => {
    const proxy = await TcpProxy.start(portOf(PG_URL));
    const { logger, lines } = capturingLogger();
    const queued: number[] = [];
    const metrics = {
      storeFallback: () => {},
      questionLogDropped: () => {},
      questionLogQueued: (n: number) => void queued.push(n),
    };
    const log = new PgQuestionLog({
      url: urlWithSchema(PG_URL, env.schema, proxy.port),
      retentionDays: 30,
      logger,
      metrics,
      retryMs: 100,
    });
    await log.migrate();
    log.record(question('before'));
    await log.flush();
    await proxy.stop();
    const started = Date.now();
    for (let i = 0; i < 50; i++) log.record(question(`during-${i}`));
    expect(Date.now() - started).toBeLessThan(50);
    await until(() => log.health() === 'degraded');
    expect(log.queued).toBe(50);
    const errors = lines().filter((l) => String(l['msg']).startsWith('question log: cannot write'));
    await new Promise((r) => setTimeout(r, 400));
    expect(lines().filter((l) => String(l['msg']).startsWith('question log: cannot write'))).toHaveLength(
      errors.length,
    );
    expect(errors).toHaveLength(1);

    await proxy.resume();
    await until(() => log.queued === 0);
    expect(log.health()).toBe('ok');
    expect(
      Number(
        (await admin.query(`SELECT COUNT(*) AS n FROM ${env.schema}.questions WHERE id LIKE 'during-%'`)).rows[0].n,
      ),
    ).toBe(50);
    expect(queued.at(-1)).toBe(0);
    await log.close();
    await proxy.stop();
  });

  it('past the bound, rows are dropped, counted, and logged once', async () => {
    const { logger, lines } = capturingLogger();
    let dropped = 0;
    const metrics = {
      storeFallback: () => {},
      questionLogDropped: (n: number) => void (dropped += n),
      questionLogQueued: () => {},
    };
    const log = new PgQuestionLog({
      url: 'postgres://bot:s3cret-pw@127.0.0.1:1/none',
      retentionDays: 30,
      logger,
      metrics,
      maxQueued: 10,
      retryMs: 50,
    });
    for (let i = 0; i < 25; i++) log.record(question(`x${i}`));
    expect(log.queued).toBe(10);
    expect(dropped).toBe(15);
    expect(lines().filter((l) => String(l['msg']).startsWith('question log: queue full'))).toHaveLength(1);
    await until(() => log.health() === 'degraded');
    await log.close(200);
    // A connection error never prints the password.
    expect(JSON.stringify(lines())).not.toContain('s3cret-pw');
  });

  it('rows not yet written survive a killed process in the local journal', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pg-journal-'));
    const { logger } = capturingLogger();
    // A log that cannot reach its database, abandoned without close(): what a SIGKILL leaves behind.
    const dead = new PgQuestionLog({
      url: 'postgres://127.0.0.1:1/none',
      dataDir,
      retentionDays: 30,
      logger,
      retryMs: 60_000,
    });
    dead.record(question('journal-1'));
    dead.feedback(vote('journal-1', 'up'));
    const [file] = readdirSync(dataDir);
    expect(
      readFileSync(path.join(dataDir, file ?? ''), 'utf8')
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(2);
    await dead.close(10);

    const log = new PgQuestionLog({ url: env.url, dataDir, retentionDays: 30, logger });
    await until(() => log.queued === 0);
    expect(
      Number(
        (await admin.query(`SELECT COUNT(*) AS n FROM ${env.schema}.feedback WHERE answer_id = 'journal-1'`)).rows[0].n,
      ),
    ).toBe(1);
    expect(readFileSync(path.join(dataDir, file ?? ''), 'utf8')).toBe('');
    await log.close();
  });
});
