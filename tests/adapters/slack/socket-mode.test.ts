import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { STRINGS } from '../../../src/message/strings.js';
import { FAKE_SLACK_DEFAULTS, FakeSlack, type CapturedCall } from '../../helpers/fake-slack.js';
import {
  ALLIANCE_QUESTION,
  APP_TOKEN,
  BOT_TOKEN,
  PAGED_QUESTION,
  blockText,
  buildBot,
  buttonsOf,
  problems,
  type Harness,
} from './harness.js';

const BOT = `<@${FAKE_SLACK_DEFAULTS.botUserId}>`;
/** The question asked in a thread; the Block Kit of its answer is kept in __snapshots__/answer-message.json. */
const THREAD_QUESTION = 'Why are China-Russia relations significant today?';

/** A slash command's ack payload (the ephemeral reply), checked to arrive within Slack's 3 s. */
async function ask(fake: FakeSlack, text: string, extra: Parameters<FakeSlack['slashCommand']>[1] = {}) {
  const started = Date.now();
  const ack = await fake.sendEnvelope('slash_commands', fake.slashCommand(text, extra));
  expect(Date.now() - started).toBeLessThan(3000);
  return ack.payload as { response_type: string; text: string; blocks: Array<Record<string, unknown>> };
}

/** Presses a button and returns its ack. */
async function press(fake: FakeSlack, button: { action_id: string; value: string }, ephemeral = false) {
  const payload = fake.blockAction(button.action_id, button.value);
  payload.container.is_ephemeral = ephemeral;
  const ack = await fake.sendEnvelope('interactive', payload);
  expect(ack.payload ?? {}).toEqual({});
  return { path: new URL(payload.response_url).pathname };
}

describe('Slack adapter in Socket Mode, against the fake Slack', () => {
  let fake: FakeSlack;
  let h: Harness;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    h = await buildBot(fake, { mode: 'socket' });
    expect(h.bot.mode).toBe('socket');
    expect(h.bot.httpHandler).toBeUndefined();
    await h.bot.start();
  });
  beforeEach(() => {
    fake.reset();
  });
  afterAll(async () => {
    await h.bot.stop();
    expect(h.bot.isReady()).toBe(false);
    await fake.close();
  });

  it('checks the bot token, opens the socket with the app token, and is ready', async () => {
    await fake.waitForSocket();
    expect(h.bot.isReady()).toBe(true);
    expect(fake.socketConnections).toBe(1);
  });

  it('answers /ask ephemerally in the ack: sentence, quoted excerpts, context, buttons', async () => {
    const reply = await ask(fake, PAGED_QUESTION);
    expect(reply.response_type).toBe('ephemeral');
    const types = reply.blocks.map((b) => b.type);
    expect(types[0]).toBe('context'); // the question, since nobody else sees the command
    expect(types[1]).toBe('section'); // the direct answer
    expect(types.at(-2)).toBe('context'); // page and knowledge version
    expect(types.at(-1)).toBe('actions');
    const text = blockText(reply.blocks);
    expect(text).toContain(`❓ _${PAGED_QUESTION}_`);
    expect(text).toMatch(/^> .*\*[Pp]artnership\*/m); // an excerpt, quoted, with the matched word in bold
    expect(text).toContain('*russia-china-relations §');
    expect(text).toMatch(/page 1 of 3 · knowledge [0-9a-f]+/);
    const labels = buttonsOf(reply.blocks).map((b) => b.text.text);
    expect(labels).toEqual(
      expect.arrayContaining([STRINGS.button.next, STRINGS.button.up, STRINGS.button.down, STRINGS.button.share]),
    );
    expect(labels).not.toContain(STRINGS.button.previous);
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
    expect(h.log.records.at(-1)).toMatchObject({ platform: 'slack', outcome: 'answered' });
  });

  it('answers /ask help, an empty /ask, /ask topics and /ask cite', async () => {
    expect(blockText((await ask(fake, 'help')).blocks)).toContain('/ask cite &lt;address&gt;');
    expect(blockText((await ask(fake, '')).blocks)).toContain('I answer questions from the documents');
    const topics = blockText((await ask(fake, 'topics')).blocks);
    expect(topics).toContain('`russia-china-relations §1`');
    expect(topics).toContain('Characteristics of relationship');
    const cite = await ask(fake, 'cite russia-china-relations §1.2');
    expect(blockText(cite.blocks)).toContain('> At the same time, when prolonging the 2001 Treaty in 2020');
    const missing = await ask(fake, 'cite nowhere §99.1');
    expect(blockText(missing.blocks)).toMatch(/No single document matches/);
  });

  it('says plainly when the documents do not cover a question', async () => {
    const reply = await ask(fake, 'What about bananas in Brazil?');
    expect(blockText(reply.blocks)).toContain("The documents don't cover that.");
    expect(reply.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('offers "did you mean" when not covered, and no passage under "not covered"', async () => {
    const reply = await ask(fake, 'What is the partnershp with Brazil bananas?');
    const text = blockText(reply.blocks);
    expect(text).toContain("The documents don't cover that.");
    expect(text).toContain(STRINGS.didYouMean('What is the partnership with Brazil bananas?'));
    expect(text).not.toContain(STRINGS.closestMentions);
    expect(reply.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('answers a mention in a thread under the question, and a follow-up in the same thread', async () => {
    const mention = fake.appMention(`${BOT} ${THREAD_QUESTION}`);
    await fake.sendEnvelope('events_api', mention);
    const first = await fake.waitForCall('chat.postMessage');
    expect(first.token).toBe(BOT_TOKEN);
    expect(first.body).toMatchObject({ channel: FAKE_SLACK_DEFAULTS.channelId, thread_ts: mention.event.ts });
    expect(first.body.unfurl_links).toBe(false);
    const blocks = first.body.blocks as Array<Record<string, unknown>>;
    expect(blocks[0]?.type).toBe('section'); // no question line: it is right above, in the thread
    expect(buttonsOf(blocks).map((b) => b.text.text)).not.toContain(STRINGS.button.share);
    // The Block Kit JSON as it leaves the real Bolt app, kept to show any change to it in review.
    const answerId = h.log.records.at(-1)?.id ?? '';
    const captured = JSON.stringify({ mention: mention.event.text, text: first.body.text, blocks }, null, 2).replaceAll(
      answerId,
      'ANSWER_ID',
    );
    await expect(`${captured}\n`).toMatchFileSnapshot('./__snapshots__/answer-message.json');

    fake.reset();
    const followUp = fake.appMention(`${BOT} topics`, { thread_ts: mention.event.ts });
    await fake.sendEnvelope('events_api', followUp);
    const second = await fake.waitForCall('chat.postMessage');
    expect(second.body).toMatchObject({ channel: FAKE_SLACK_DEFAULTS.channelId, thread_ts: mention.event.ts });
    expect(blockText(second.body.blocks)).toContain('Russia–China relations');
  });

  it('answers a DM in the DM, without any mention', async () => {
    await fake.sendEnvelope('events_api', fake.directMessage(ALLIANCE_QUESTION));
    const call = await fake.waitForCall('chat.postMessage');
    expect(call.body.channel).toBe(FAKE_SLACK_DEFAULTS.dmChannelId);
    expect(call.body.thread_ts).toBeUndefined();
    expect(blockText(call.body.blocks)).toContain('there is no need to evolve');
  });

  it('ignores its own messages, edits and other bots in DMs', async () => {
    const own = fake.directMessage('an answer', { user: FAKE_SLACK_DEFAULTS.botUserId });
    Object.assign(own.event, { bot_id: FAKE_SLACK_DEFAULTS.botId });
    const edit = fake.directMessage('edited');
    Object.assign(edit.event, { subtype: 'message_changed' });
    await fake.sendEnvelope('events_api', own);
    await fake.sendEnvelope('events_api', edit);
    await fake.sendEnvelope('events_api', fake.directMessage('help'));
    const call = await fake.waitForCall('chat.postMessage');
    expect(blockText(call.body.blocks)).toContain('I answer questions');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('pages with Next and Previous, carrying the state in the button value', async () => {
    const logged = h.log.records.length;
    const reply = await ask(fake, PAGED_QUESTION);
    const next = buttonsOf(reply.blocks).find((b) => b.text.text === STRINGS.button.next);
    expect(next).toBeDefined();
    expect(JSON.parse(next?.value ?? '')).toMatchObject({ q: PAGED_QUESTION, p: 2 });
    const { path } = await press(fake, next ?? { action_id: '', value: '' }, true);
    const page2 = await fake.waitForResponse((p) => p.path === path);
    const body2 = page2.body as { replace_original: boolean; blocks: unknown };
    expect(body2.replace_original).toBe(true);
    expect(blockText(body2.blocks)).toContain(STRINGS.page(2, 3));
    const previous = buttonsOf(body2.blocks).find((b) => b.text.text === STRINGS.button.previous);
    expect(buttonsOf(body2.blocks).map((b) => b.text.text)).toContain(STRINGS.button.share); // still ephemeral

    const back = await press(fake, previous ?? { action_id: '', value: '' }, true);
    const page1 = await fake.waitForResponse((p) => p.path === back.path);
    expect(blockText((page1.body as { blocks: unknown }).blocks)).toContain(STRINGS.page(1, 3));
    // Paging passes the gate (admit) but does not log the question again.
    expect(h.log.records.length).toBe(logged + 1);
  });

  it('shares an ephemeral answer in the channel and removes the ephemeral one', async () => {
    const reply = await ask(fake, PAGED_QUESTION);
    const share = buttonsOf(reply.blocks).find((b) => b.text.text === STRINGS.button.share);
    const { path } = await press(fake, share ?? { action_id: '', value: '' }, true);
    const shared = await fake.waitForResponse(
      (p) => p.path === path && (p.body as { response_type?: string }).response_type === 'in_channel',
    );
    const body = shared.body as { replace_original: boolean; blocks: unknown };
    expect(body.replace_original).toBe(false);
    expect(blockText(body.blocks)).toContain(
      `${STRINGS.askedBy(`<@${FAKE_SLACK_DEFAULTS.userId}>`)} _${PAGED_QUESTION}_`,
    );
    expect(buttonsOf(body.blocks).map((b) => b.text.text)).not.toContain(STRINGS.button.share);
    const deleted = await fake.waitForResponse(
      (p) => p.path === path && (p.body as { delete_original?: boolean }).delete_original === true,
    );
    expect(deleted.body).toEqual({ delete_original: true });
  });

  it('shows the full passage of a cut excerpt, ephemerally', async () => {
    const reply = await ask(fake, ALLIANCE_QUESTION);
    // The passage whose excerpt is cut short ("…"): its button shows the rest.
    const cut = reply.blocks.find((b) => b.type === 'section' && b.accessory && blockText([b]).includes('…\n'));
    const full = buttonsOf(cut === undefined ? [] : [cut])[0];
    expect(full?.text.text).toMatch(new RegExp(`^${STRINGS.button.full('§')}`));
    expect(full).toBeDefined();
    const { path } = await press(fake, full ?? { action_id: '', value: '' });
    const post = await fake.waitForResponse((p) => p.path === path);
    const body = post.body as { response_type: string; replace_original: boolean; blocks: unknown };
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blockText(body.blocks)).toContain('the US has nobody to blame but itself.');
  });

  it('records 👍 and 👎 through the core, against the answer and its top passage', async () => {
    const reply = await ask(fake, ALLIANCE_QUESTION);
    const answerId = h.log.records.at(-1)?.id;
    for (const label of ['👍', '👎']) {
      const button = buttonsOf(reply.blocks).find((b) => b.text.text === label);
      const { path } = await press(fake, button ?? { action_id: '', value: '' }, true);
      const thanks = await fake.waitForResponse((p) => p.path === path);
      expect(blockText((thanks.body as { blocks: unknown }).blocks)).toBe(
        label === '👍' ? STRINGS.thanksUp : STRINGS.thanksDown,
      );
    }
    expect(h.log.votes.map((v) => [v.answerId, v.vote, v.address])).toEqual([
      [answerId, 'up', 'russia-china-relations §1.1'],
      [answerId, 'down', 'russia-china-relations §1.1'],
    ]);
    expect(h.log.votes[0]?.userId).not.toContain(FAKE_SLACK_DEFAULTS.userId); // hashed
  });

  it('answers a tampered button value with a short message, not an error', async () => {
    const { path } = await press(fake, { action_id: 'qa_page_next', value: '{"q":1}' });
    const post = await fake.waitForResponse((p) => p.path === path);
    expect(blockText((post.body as { blocks: unknown }).blocks)).toContain('That button no longer works');
    const old = await press(fake, { action_id: 'qa_removed_feature', value: 'x' });
    const reply = await fake.waitForResponse((p) => p.path === old.path);
    expect(blockText((reply.body as { blocks: unknown }).blocks)).toContain('That button no longer works');
  });

  it('answers a retried event once', async () => {
    const mention = fake.appMention(`${BOT} ${ALLIANCE_QUESTION}`, { event_id: 'EvRETRIED1' });
    await fake.sendEnvelope('events_api', mention);
    await fake.waitForCall('chat.postMessage');
    await fake.sendEnvelope('events_api', mention, { retry_attempt: 1, retry_reason: 'timeout' });
    await fake.sendEnvelope('events_api', mention, { retry_attempt: 2, retry_reason: 'timeout' });
    // A later event, answered after the retries were dropped: by then any duplicate would have been posted.
    await fake.sendEnvelope('events_api', fake.appMention(`${BOT} help`, { event_id: 'EvMARKER1' }));
    await fake.waitForCall('chat.postMessage', (c) => blockText(c.body.blocks).includes('I answer questions'));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(h.lines.some((l) => l.includes('ignored an event already handled'))).toBe(true);
  });

  it('escapes user and document text: no mention typed by a user reaches a message', async () => {
    const typed = '<!channel> <!here> <!everyone> <@U999|boss> &lt;b&gt; what is the partnership & more?';
    const reply = await ask(fake, typed);
    const json = JSON.stringify(reply);
    expect(json).not.toMatch(/<[!@#]/);
    expect(blockText(reply.blocks)).toContain(
      '@channel @here @everyone @boss &lt;b&gt; what is the partnership &amp; more?',
    );

    await fake.sendEnvelope('events_api', fake.appMention(`${BOT} <!here> <@U999> partnership`));
    const call = await fake.waitForCall('chat.postMessage');
    expect(JSON.stringify(call.body.blocks) + String(call.body.text)).not.toMatch(/<[!@#]/);
  });

  it('tells the user briefly when Slack refuses the answer, and logs the details', async () => {
    fake.override('chat.postMessage', () => ({ ok: false, error: 'msg_too_long' }));
    try {
      await fake.sendEnvelope('events_api', fake.appMention(`${BOT} ${ALLIANCE_QUESTION}`));
      const sorry: CapturedCall = await fake.waitForCall('chat.postEphemeral');
      expect(sorry.body).toMatchObject({ channel: FAKE_SLACK_DEFAULTS.channelId, user: FAKE_SLACK_DEFAULTS.userId });
      expect(String(sorry.body.text)).toMatch(/^Sorry, something went wrong/);
      expect(problems(h.lines).some((l) => l.includes('msg_too_long'))).toBe(true);
    } finally {
      fake.override('chat.postMessage', undefined);
    }
  });

  it('never logs tokens or response_urls, and flattens user text', async () => {
    await ask(fake, 'partnership\r\n{"level":60,"msg":"forged"}');
    // A button whose response_url has expired: the failure is logged, without the URL.
    fake.failResponseUrl(404, 2);
    const { path } = await press(fake, { action_id: 'qa_full_passage', value: '{"a":"russia-china-relations §1.1"}' });
    await fake.waitForResponse((p) => p.path === path && JSON.stringify(p.body).includes('Sorry'));
    await vi.waitFor(() =>
      expect(h.lines.some((l) => l.includes('could not reply through the response_url'))).toBe(true),
    );
    const all = h.lines.join('');
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(APP_TOKEN);
    expect(all).not.toContain('/response/');
    expect(all).not.toContain('ticket=fake');
    const entries = h.lines.map((l) => JSON.parse(l) as { level: number; msg?: string; question?: string });
    expect(entries.every((e) => e.level < 60 && e.msg !== 'forged')).toBe(true);
    expect(entries.some((e) => e.question === 'partnership {"level":60,"msg":"forged"}')).toBe(true);
  });
});
