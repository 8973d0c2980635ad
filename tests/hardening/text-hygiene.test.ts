import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSlack } from '../../adapters/slack/render.js';
import { answerMessage } from '../../src/message/build.js';
import { BotService } from '../../src/bot-service.js';
import { SqliteQuestionLog } from '../../src/log/sqlite-question-log.js';
import { cleanUserText, wellFormed } from '../../src/text/hygiene.js';
import { essayAnswerer } from '../helpers/essay.js';
import { capturingLogger } from '../helpers/logs.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

describe('questions as stored and echoed (issue 13, item 10 and 13)', () => {
  it('a lone surrogate is stored as U+FFFD, so the table stays valid UTF-8 for every reader', async () => {
    const log = SqliteQuestionLog.create({
      dataDir: mkdtempSync(path.join(tmpdir(), 'hyg-')),
      retentionDays: 1,
      logger: capturingLogger().logger,
    });
    const answerer = await essayAnswerer();
    const service = new BotService({ answerer: () => answerer, log });
    for (const question of ['What is APEC?\ud800', '\udc00 APEC', 'APEC \ud83d\ude00 ok'])
      service.ask({ asker: { platform: 'slack', userId: 'U1' }, question });
    log.flush();
    const rows = log.db.prepare('SELECT CAST(question AS BLOB) AS q FROM questions ORDER BY at').all() as Array<{
      q: Buffer;
    }>;
    const texts = rows.map((r) => strictUtf8.decode(r.q));
    expect(texts).toEqual(expect.arrayContaining(['What is APEC?\ufffd', '\ufffd APEC', 'APEC 😀 ok']));
    log.close();
  });

  it('bidi overrides and invisible controls are removed from the question echoed back', async () => {
    const answerer = await essayAnswerer();
    const service = new BotService({ answerer: () => answerer });
    const reply = await service.ask({
      asker: { platform: 'slack', userId: 'U1' },
      question: 'What is \u202Ecepa\u202C \u2066APEC\u2069\u200B?\u0007',
    });
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    expect(reply.answer.question).toBe('What is cepa APEC?');
    expect(JSON.stringify(renderSlack(answerMessage(reply.answer, 'a'), { question: 'plain' }))).not.toMatch(
      /[\u202A-\u202E\u2066-\u2069\u200B]/,
    );
    expect(cleanUserText('a\u0007b\tc\nd')).toBe('ab\tc\nd');
    // Joiners stay: emoji sequences need them.
    expect(cleanUserText('👩\u200D💻')).toBe('👩\u200D💻');
    expect(wellFormed('a\ud800b\udc00')).toBe('a\ufffdb\ufffd');
  });

  it("Slack formatting characters in the echoed question can't format it or break out of its italics", async () => {
    const answerer = await essayAnswerer();
    const service = new BotService({ answerer: () => answerer });
    const reply = await service.ask({
      asker: { platform: 'slack', userId: 'U1' },
      question: 'What is _APEC_ *now* ~x~ `y`?',
    });
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    const text = JSON.stringify(renderSlack(answerMessage(reply.answer, 'a'), { question: 'plain' }));
    expect(text).toContain('❓ _What is ＿APEC＿ ∗now∗ ∼x∼ ˋyˋ?_');
  });
});
