import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT, textMessage } from '../../helpers/fake-telegram.js';
import { startHarness, TOKEN, type Harness } from './harness.js';

const QUESTION = 'What is the partnership?';

describe('Telegram over long polling', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('publishes its commands at start', async () => {
    const call = await h.fake.waitFor('setMyCommands');
    expect((call.body.commands as Array<{ command: string }>).map((c) => c.command)).toEqual([
      'ask',
      'cite',
      'topics',
      'help',
    ]);
  });

  it('answers a plain message in a private chat, in HTML, with buttons', async () => {
    h.fake.push(textMessage(QUESTION, { userId: 11 }));
    const call = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 11);
    expect(call.body.parse_mode).toBe('HTML');
    expect(String(call.body.text)).toContain(`❓ ${QUESTION}`);
    expect(String(call.body.text)).toContain('<blockquote>');
    expect(call.body.reply_parameters).toBeUndefined();
    const rows = (call.body.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard;
    expect(rows.flat().map((b) => b.text)).toEqual(expect.arrayContaining(['▶', '👍', '👎', 'Share']));
  });

  it('answers /ask@botname in a group as a reply to the asker', async () => {
    const update = textMessage(`/ask@${FAKE_BOT.username} ${QUESTION}`, { userId: 12, group: true, chatId: -2001 });
    h.fake.push(update);
    const call = await h.fake.waitFor('sendMessage', (b) => b.chat_id === -2001);
    expect(call.body.reply_parameters).toMatchObject({ message_id: update.message.message_id });
    expect(String(call.body.text)).toContain(QUESTION);
  });

  it('answers a mention in a group, and ignores other group chatter', async () => {
    h.fake.push(textMessage('just chatting here', { userId: 13, group: true, chatId: -2002 }));
    h.fake.push(textMessage(`@${FAKE_BOT.username} ${QUESTION}`, { userId: 13, group: true, chatId: -2002 }));
    const call = await h.fake.waitFor('sendMessage', (b) => b.chat_id === -2002);
    expect(String(call.body.text)).toContain(`❓ ${QUESTION}`);
    expect(h.fake.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === -2002)).toHaveLength(1);
  });

  it('answers a reply to one of its messages in a group', async () => {
    const replyTo = {
      message_id: 1,
      date: 0,
      chat: { id: -2003, type: 'supergroup' },
      from: { ...FAKE_BOT, is_bot: true },
      text: 'x',
    };
    h.fake.push(textMessage(QUESTION, { userId: 14, group: true, chatId: -2003, replyTo }));
    const call = await h.fake.waitFor('sendMessage', (b) => b.chat_id === -2003);
    expect(String(call.body.text)).toContain(QUESTION);
  });

  it('/cite, /topics and /help', async () => {
    h.fake.push(textMessage('/cite §1.1', { userId: 15, chatId: 15 }));
    const cite = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 15);
    expect(String(cite.body.text)).toContain('<blockquote>');
    h.fake.push(textMessage('/topics', { userId: 16, chatId: 16 }));
    const topics = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 16);
    expect(String(topics.body.text)).toContain('Documents and sections');
    h.fake.push(textMessage('/help', { userId: 17, chatId: 17 }));
    const help = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 17);
    expect(String(help.body.text)).toContain('/ask &lt;question&gt;');
  });

  it('escapes <&> in the question and never pings a name it echoes', async () => {
    h.fake.push(textMessage('/ask What is <b>APEC</b> & @some_user?', { userId: 18, group: true, chatId: -2018 }));
    const call = await h.fake.waitFor('sendMessage', (b) => b.chat_id === -2018);
    const text = String(call.body.text);
    expect(text).toContain('What is &lt;b&gt;APEC&lt;/b&gt; &amp; @\u200Bsome_user?');
    expect(text).not.toMatch(/@some_user/);
  });

  it('waits the retry_after of a 429, then sends', async () => {
    h.fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    h.fake.push(textMessage('What is APEC?', { userId: 19 }));
    const sent = await h.fake.waitFor('sendMessage', (b) => b.chat_id === 19, 2);
    expect(String(sent.body.text)).toContain('APEC');
  });

  it('never logs the token', () => {
    expect(h.logs()).not.toContain(TOKEN);
    expect(h.logs()).not.toContain(TOKEN.split(':')[1]);
  });
});
