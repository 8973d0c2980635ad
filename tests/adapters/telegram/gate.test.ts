import { afterEach, describe, expect, it } from 'vitest';
import { callbackQuery, FAKE_BOT, inlineQuery, textMessage } from '../../helpers/fake-telegram.js';
import { startHarness, type Harness } from './harness.js';

const NOT_HERE = /not set up to answer in this channel/;

describe('Telegram through the gate', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('refuses every action outside TELEGRAM_CHAT_ALLOWLIST', async () => {
    h = await startHarness({ gate: { channels: { telegram: ['-100777'] } } });
    const { fake } = h;
    const user = 31;
    const texts = [
      'What is the partnership?',
      '/ask What is the partnership?',
      '/cite §1.1',
      '/topics',
      '/help',
      '/start',
    ];
    for (const text of texts) fake.push(textMessage(text, { userId: user }));
    fake.push(
      textMessage(`@${FAKE_BOT.username} What is the partnership?`, { userId: user, group: true, chatId: -2009 }),
    );
    for (let n = 1; n <= texts.length; n++) {
      const call = await fake.waitFor('sendMessage', (b) => b.chat_id === user, n);
      expect(String(call.body.text)).toMatch(NOT_HERE);
    }
    const group = await fake.waitFor('sendMessage', (b) => b.chat_id === -2009);
    expect(String(group.body.text)).toMatch(NOT_HERE);
    // Buttons from an earlier answer: every kind is refused, with an alert.
    const sent = { chat_id: user, text: '❓ What is the partnership?' };
    for (const data of ['p|2|AbCdEfGh', 'f|russia-china-relations §1.1', 'i|1|0', 'v|u|AbCdEfGh']) {
      fake.push(callbackQuery(data, sent, user));
      const call = await fake.waitFor(
        'answerCallbackQuery',
        (b) => b.show_alert === true,
        ['p', 'f', 'i', 'v'].indexOf(data[0] ?? '') + 1,
      );
      expect(String(call.body.text)).toMatch(NOT_HERE);
    }
    // Inline queries come from no chat, so a chat allow-list refuses them too.
    fake.push(inlineQuery('What is the partnership?', user));
    const inline = await fake.waitFor('answerInlineQuery');
    expect(inline.body.results).toEqual([]);
    expect((inline.body.button as { text: string }).text).toMatch(/not set up/);
    expect(fake.calls.filter((c) => c.method === 'editMessageText')).toEqual([]);
    expect(h.log.records).toEqual([]);
    expect(h.log.votes).toEqual([]);
  });

  it('answers in an allowed chat', async () => {
    h = await startHarness({ gate: { channels: { telegram: ['-100777'] } } });
    h.fake.push(textMessage('/ask What is the partnership?', { userId: 32, group: true, chatId: -100777 }));
    const call = await h.fake.waitFor('sendMessage', (b) => b.chat_id === -100777);
    expect(String(call.body.text)).toContain('<blockquote>');
  });

  it('rate limits a user across actions', async () => {
    h = await startHarness({ gate: { questions: 2, windowSeconds: 600 } });
    for (const text of ['What is the partnership?', '/topics', 'What is APEC?'])
      h.fake.push(textMessage(text, { userId: 33 }));
    const third = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 33, 3);
    expect(String(third.body.text)).toMatch(/faster than I can keep up/);
  });
});
