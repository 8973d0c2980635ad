import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BotService } from '../src/bot-service.js';
import { essayAnswerer } from './helpers/essay.js';
import { MemoryQuestionLog } from './helpers/memory-log.js';

describe('BotService: user ids as the question log stores them', () => {
  it('stores an HMAC of the user, keyed with the salt: one per user, never the raw id, the same on feedback', async () => {
    const answerer = await essayAnswerer();
    const log = new MemoryQuestionLog();
    const service = new BotService({ answerer: () => answerer, log, salt: 'pepper' });
    const alice = { platform: 'discord', userId: '123456789' };
    const reply = await service.ask({ asker: alice, question: 'What is APEC?' });
    await service.ask({ asker: alice, question: 'How do I bake bread?' });
    await service.ask({ asker: { platform: 'slack', userId: '123456789' }, question: 'What is APEC?' });
    if (reply.kind !== 'answer') throw new Error('expected an answer');
    service.feedback(alice, reply.answerId, 'up');

    const expected = createHmac('sha256', 'pepper').update('discord:123456789').digest('base64url').slice(0, 16);
    expect(log.records.map((r) => r.userId)).toEqual([expected, expected, expect.not.stringMatching(expected)]);
    expect(log.votes.map((v) => v.userId)).toEqual([expected]);
    expect(JSON.stringify([log.records, log.votes])).not.toContain('123456789');
  });

  it('hashes with a random salt of its own when given none, so that two processes differ', async () => {
    const answerer = await essayAnswerer();
    const hashes = await Promise.all(
      [1, 2].map(async () => {
        const log = new MemoryQuestionLog();
        await new BotService({ answerer: () => answerer, log }).ask({
          asker: { platform: 'slack', userId: 'U1' },
          question: 'What is APEC?',
        });
        return log.records[0]?.userId;
      }),
    );
    expect(hashes[0]).toMatch(/^[\w-]{16}$/);
    expect(hashes[1]).not.toBe(hashes[0]);
  });
});
