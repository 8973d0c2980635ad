import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackQuery, inlineQuery, textMessage } from '../../helpers/fake-telegram.js';
import { startHarness, type Harness } from './harness.js';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> };
const button = (body: Record<string, unknown>, text: string): string => {
  const found = (body.reply_markup as Keyboard).inline_keyboard.flat().find((b) => b.text.startsWith(text));
  if (found?.callback_data === undefined) throw new Error(`no ${text} button`);
  return found.callback_data;
};

describe('Telegram buttons and inline mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('pages an answer in place, answering the button at once', async () => {
    h.fake.push(textMessage('What is the partnership?', { userId: 21 }));
    const answer = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 21);
    h.fake.push(callbackQuery(button(answer.body, '▶'), answer.body, 21));
    await h.fake.waitFor('answerCallbackQuery');
    const edit = await h.fake.waitFor('editMessageText', (b) => b.chat_id === 21);
    expect(String(edit.body.text)).toContain('page 2 of');
    expect(String(edit.body.text)).toContain('❓ What is the partnership?');
  });

  it('shows the full passage', async () => {
    h.fake.push(textMessage('Is a formal alliance between Moscow and Beijing needed now?', { userId: 22 }));
    const answer = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 22);
    h.fake.push(callbackQuery(button(answer.body, 'Full passage'), answer.body, 22));
    const full = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 22, 2);
    expect(String(full.body.text)).toMatch(/^<blockquote>/);
    expect(full.body.reply_markup).toBeUndefined();
  });

  it('records feedback and thanks the user', async () => {
    h.fake.push(textMessage('What is the partnership?', { userId: 23 }));
    const answer = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 23);
    h.fake.push(callbackQuery(button(answer.body, '👎'), answer.body, 23));
    const thanks = await h.fake.waitFor('answerCallbackQuery', (b) => String(b.text).includes('👎'));
    expect(thanks.body.text).toMatch(/Thanks/);
    expect(h.log.votes.at(-1)).toMatchObject({ platform: 'telegram', vote: 'down' });
  });

  it('answers a stale button with a short notice', async () => {
    h.fake.push(callbackQuery('zz|nothing', { chat_id: 24, text: 'x' }, 24));
    const call = await h.fake.waitFor('answerCallbackQuery', (b) => String(b.text).includes('no longer works'));
    expect(call.body.text).toBeDefined();
  });

  it('answers an inline query with the top passages as articles', async () => {
    h.fake.push(inlineQuery('What is the partnership?', 25));
    const call = await h.fake.waitFor('answerInlineQuery');
    const results = call.body.results as Array<{
      type: string;
      title: string;
      input_message_content: { message_text: string };
    }>;
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(50);
    expect(results[0]?.type).toBe('article');
    expect(results[0]?.input_message_content.message_text).toContain('<blockquote>');
  });
});
