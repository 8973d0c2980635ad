import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BotService } from '../../src/bot-service.js';
import { buildReport } from '../../src/log/report.js';
import { MIGRATIONS, SqliteQuestionLog, migrate } from '../../src/log/sqlite-question-log.js';
import { essayAnswerer } from '../helpers/essay.js';
import { capturingLogger } from '../helpers/logs.js';

const dataDir = (): string => mkdtempSync(path.join(tmpdir(), 'data-'));

describe('the question log', () => {
  it('stores one row per question with a hashed user id, and feedback on the answer it rates', async () => {
    const dir = dataDir();
    const { logger } = capturingLogger();
    const log = SqliteQuestionLog.create({ dataDir: dir, retentionDays: 30, logger });
    const answerer = await essayAnswerer();
    const service = new BotService({ answerer: () => answerer, log, salt: 'pepper' });
    const asker = { platform: 'discord', userId: '123456789' };
    const answered = await service.ask({ asker, question: 'What is APEC?' });
    await service.ask({ asker, question: 'How do I bake bread?' });
    await service.ask({ asker: { platform: 'slack', userId: 'U1' }, question: 'how do i bake BREAD?  ' });
    if (answered.kind !== 'answer') throw new Error('expected an answer');
    service.feedback(asker, answered.answerId, 'up');
    service.feedback(asker, answered.answerId, 'down', 'russia-china-relations §1.6');
    service.feedback(asker, 'no-such-answer', 'up');
    log.flush();
    const rows = log.db.prepare('SELECT * FROM questions ORDER BY at').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      platform: 'discord',
      question: 'What is APEC?',
      outcome: 'answered',
      top_address: 'russia-china-relations §1.6',
    });
    expect(JSON.stringify(rows)).not.toContain('123456789');
    expect(rows[0]?.['latency_ms']).toEqual(expect.any(Number));

    const report = buildReport(log.db);
    expect(report.unanswered[0]).toMatchObject({ count: 2, notSure: 0 });
    // A vote on the whole answer counts for its top passage; the unknown answer id is dropped.
    expect(report.feedback).toEqual([{ address: 'russia-china-relations §1.6', up: 1, down: 1 }]);
    expect(report.volume.map((v) => v.platform).sort()).toEqual(['discord', 'slack']);
    log.close();
  });

  it('reports a question answered only with "not sure" among the gaps, and says so', () => {
    const log = SqliteQuestionLog.create({ dataDir: dataDir(), retentionDays: 90, logger: capturingLogger().logger });
    const base = { platform: 'slack', userId: 'u', topAddress: null, latencyMs: 1 };
    log.record({ ...base, id: 'a', at: Date.now(), question: 'who brings what to the table', outcome: 'not_sure' });
    log.record({ ...base, id: 'b', at: Date.now(), question: 'What is APEC?', outcome: 'answered' });
    log.flush();
    expect(buildReport(log.db).unanswered).toEqual([
      expect.objectContaining({ question: 'who brings what to the table', count: 1, notSure: 1 }),
    ]);
    log.close();
  });

  it('deletes questions older than the retention period', () => {
    const dir = dataDir();
    let now = Date.UTC(2026, 0, 1);
    const log = SqliteQuestionLog.create({
      dataDir: dir,
      retentionDays: 7,
      logger: capturingLogger().logger,
      now: () => now,
    });
    log.record({
      id: 'old',
      at: now,
      platform: 'console',
      userId: 'u',
      question: 'q',
      outcome: 'answered',
      topAddress: null,
      latencyMs: 1,
    });
    now += 8 * 86_400_000;
    log.record({
      id: 'new',
      at: now,
      platform: 'console',
      userId: 'u',
      question: 'q',
      outcome: 'answered',
      topAddress: null,
      latencyMs: 1,
    });
    log.flush();
    log.sweep();
    expect((log.db.prepare('SELECT id FROM questions').all() as Array<{ id: string }>).map((r) => r.id)).toEqual([
      'new',
    ]);
    log.close();
  });

  it('migrates step by step and refuses a newer schema', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this bot/);
  });

  it('a damaged database stops start-up with one line that names the file and the way out', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'questions.db'), 'this is not a database'.repeat(100));
    const { logger } = capturingLogger();
    expect(() => SqliteQuestionLog.create({ dataDir: dir, retentionDays: 30, logger })).toThrow(
      /^DATA_DIR: the question log .*questions\.db is damaged \(SQLITE_NOTADB\); move it aside .* or set QUESTION_LOG=off/,
    );
  });

  it('a locked database never stops an answer', async () => {
    const dir = dataDir();
    const { logger, lines } = capturingLogger();
    const log = SqliteQuestionLog.create({ dataDir: dir, retentionDays: 30, logger });
    const other = new Database(path.join(dir, 'questions.db'));
    other.exec('BEGIN EXCLUSIVE');
    const answerer = await essayAnswerer();
    const service = new BotService({ answerer: () => answerer, log });
    const reply = await service.ask({ asker: { platform: 'x', userId: 'y' }, question: 'What is APEC?' });
    expect(reply.kind).toBe('answer');
    log.flush();
    expect(lines().some((l) => /question log write failed; the answer was still sent/.test(String(l['msg'])))).toBe(
      true,
    );
    other.exec('ROLLBACK');
    other.close();
    log.close();
  });
});
