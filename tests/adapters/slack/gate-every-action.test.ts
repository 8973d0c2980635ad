/**
 * SLACK_CHANNEL_ALLOWLIST, through the real Bolt app and the fake Slack: every action a user can take from a
 * channel outside the list (the slash command in each form, a mention, a DM, every button, the Home tab) is turned
 * away with the gate's one refusal, for the asker alone, and nothing reaches the answerer or the question log.
 * Any listener that skips the gate answers instead, and fails here.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS, encodePageValue, encodePassageValue, encodeVoteValue } from '../../../adapters/slack/buttons.js';
import { Gate } from '../../../src/gate.js';
import { FAKE_SLACK_DEFAULTS } from '../../helpers/fake-slack.js';
import { PAGED_QUESTION, blockText, startedSocketBot } from './harness.js';

const OUTSIDE = 'C0OUTSIDE';
const USER = 'U0OUTSIDER';
const ALLOWED = { questions: 1000, windowSeconds: 60, channels: { slack: [FAKE_SLACK_DEFAULTS.channelId] } };
/** The core's one refusal for a channel outside the allow-list, as the core words it. */
const REFUSAL = await (async () => {
  const decision = await new Gate(ALLOWED).check({ platform: 'slack', userId: USER, channelId: OUTSIDE });
  if (decision.ok) throw new Error('the gate let a channel outside the list through');
  return decision.message;
})();
const BOT = `<@${FAKE_SLACK_DEFAULTS.botUserId}>`;
/** Everything that can follow the command, a mention or a DM. */
const REQUESTS = [PAGED_QUESTION, 'help', '', 'topics', 'cite russia-china-relations §1.1'];

const value = (v: string | undefined): string => v ?? '';
/** Every button the bot sends (and one it no longer does), with a value that works. */
const BUTTONS: ReadonlyArray<readonly [string, string]> = [
  [ACTIONS.previous, value(encodePageValue({ q: PAGED_QUESTION, p: 1, id: 'ans1' }))],
  [ACTIONS.next, value(encodePageValue({ q: PAGED_QUESTION, p: 2, id: 'ans1' }))],
  [ACTIONS.share, value(encodePageValue({ q: PAGED_QUESTION, p: 1, id: 'ans1' }))],
  [ACTIONS.fullPassage, value(encodePassageValue({ a: 'russia-china-relations §1.1' }))],
  [ACTIONS.voteUp, value(encodeVoteValue({ id: 'ans1', v: 'up', a: 'russia-china-relations §1.1' }))],
  [ACTIONS.voteDown, value(encodeVoteValue({ id: 'ans1', v: 'down' }))],
  ['qa_removed_feature', 'x'],
];

describe('SLACK_CHANNEL_ALLOWLIST stops every Slack action, through one gate', () => {
  const bot = startedSocketBot(ALLOWED);

  it.each(REQUESTS)('refuses /ask %j in the ack, ephemerally', async (text) => {
    const ack = await bot.fake.sendEnvelope(
      'slash_commands',
      bot.fake.slashCommand(text, { channel_id: OUTSIDE, user_id: USER }),
    );
    const payload = ack.payload as { response_type: string; text: string; blocks: unknown };
    expect(payload.response_type).toBe('ephemeral');
    expect(payload.text).toBe(REFUSAL);
    expect(blockText(payload.blocks)).toBe(REFUSAL);
  });

  it.each(REQUESTS)('refuses a mention %j, ephemerally to the asker in the thread', async (text) => {
    const mention = bot.fake.appMention(`${BOT} ${text}`, { channel: OUTSIDE, user: USER });
    await bot.fake.sendEnvelope('events_api', mention);
    const refusal = await bot.fake.waitForCall('chat.postEphemeral');
    expect(refusal.body).toMatchObject({ channel: OUTSIDE, user: USER, thread_ts: mention.event.ts, text: REFUSAL });
    expect(blockText(refusal.body.blocks)).toBe(REFUSAL);
    expect(bot.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it.each(REQUESTS)('refuses a DM %j (a DM is outside any channel list), ephemerally', async (text) => {
    await bot.fake.sendEnvelope('events_api', bot.fake.directMessage(text, { user: USER }));
    const reply = await bot.fake.waitForCall('chat.postEphemeral');
    expect(reply.body).toMatchObject({ channel: FAKE_SLACK_DEFAULTS.dmChannelId, user: USER, text: REFUSAL });
    expect(blockText(reply.body.blocks)).toBe(REFUSAL);
    expect(bot.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it.each(BUTTONS)('refuses the button %s, ephemerally, and does nothing else', async (actionId, buttonValue) => {
    const press = bot.fake.blockAction(actionId, buttonValue, { channel_id: OUTSIDE, user_id: USER });
    const ack = await bot.fake.sendEnvelope('interactive', press);
    expect(ack.payload ?? {}).toEqual({});
    const path = new URL(press.response_url).pathname;
    const post = await bot.fake.waitForResponse((p) => p.path === path);
    expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: REFUSAL });
    expect(blockText((post.body as { blocks: unknown }).blocks)).toBe(REFUSAL);
    // A marker after it: by the time it is answered, anything else the press did would be here too.
    await bot.fake.sendEnvelope(
      'slash_commands',
      bot.fake.slashCommand('help', { channel_id: OUTSIDE, user_id: USER }),
    );
    expect(bot.fake.responseUrlPosts.filter((p) => p.path === path)).toHaveLength(1);
  });

  it('refuses the Home tab: it shows the refusal only', async () => {
    await bot.fake.sendEnvelope('events_api', bot.fake.appHomeOpened({ user: USER }));
    const call = await bot.fake.waitForCall('views.publish', undefined, 5000);
    const view = call.body['view'] as { type: string; blocks: unknown };
    expect(view.type).toBe('home');
    expect(blockText(view.blocks)).toBe(REFUSAL);
  });

  it('answered nothing, logged no question and recorded no vote', () => {
    expect(bot.h.log.records).toEqual([]);
    expect(bot.h.log.votes).toEqual([]);
  });

  it('lets the same buttons through in a listed channel (the values above are ones that work)', async () => {
    for (const [actionId, buttonValue] of BUTTONS) {
      const press = bot.fake.blockAction(actionId, buttonValue, { user_id: USER });
      await bot.fake.sendEnvelope('interactive', press);
      const path = new URL(press.response_url).pathname;
      const post = await bot.fake.waitForResponse((p) => p.path === path);
      expect(JSON.stringify(post.body), actionId).not.toContain(REFUSAL);
    }
    expect(bot.h.log.votes.map((v) => v.vote)).toEqual(['up', 'down']);
  });
});
