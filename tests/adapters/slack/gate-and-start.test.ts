import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlackBot } from '../../../adapters/slack/app.js';
import { ACTIONS, encodePageValue } from '../../../adapters/slack/buttons.js';
import type { Answerer } from '../../../src/answer/answer.js';
import { BotService } from '../../../src/bot-service.js';
import { BotError } from '../../../src/errors.js';
import { FAKE_SLACK_DEFAULTS, FakeSlack } from '../../helpers/fake-slack.js';
import {
  ALLIANCE_QUESTION,
  BOT_TOKEN,
  blockText,
  buildBot,
  captureLogger,
  knowledgeAnswerer,
  PAGED_QUESTION,
  problems,
  startedSocketBot,
} from './harness.js';

const BOT = `<@${FAKE_SLACK_DEFAULTS.botUserId}>`;

describe('the core Gate, through Slack: per-user rate limit and channel allow-list', () => {
  const bot = startedSocketBot({
    questions: 2,
    windowSeconds: 60,
    channels: { slack: [FAKE_SLACK_DEFAULTS.channelId] },
  });

  it('refuses a user past the limit, with a short ephemeral message; other users still get answers', async () => {
    const ask = async (user: string) =>
      (await bot.fake.sendEnvelope('slash_commands', bot.fake.slashCommand(ALLIANCE_QUESTION, { user_id: user })))
        .payload as {
        response_type: string;
        blocks: unknown;
      };
    expect(blockText((await ask('URATE1')).blocks)).toContain('no need to evolve');
    expect(blockText((await ask('URATE1')).blocks)).toContain('no need to evolve');
    const refused = await ask('URATE1');
    expect(refused.response_type).toBe('ephemeral');
    expect(blockText(refused.blocks)).toMatch(/asking faster than I can keep up with. Please try again in \d+ s/);
    expect(blockText((await ask('URATE2')).blocks)).toContain('no need to evolve');
  });

  it('lets a user page through an answer without using up the rate limit (a further page is not a question)', async () => {
    const ask = async () =>
      (await bot.fake.sendEnvelope('slash_commands', bot.fake.slashCommand(PAGED_QUESTION, { user_id: 'UPAGE1' })))
        .payload as { blocks: unknown };
    expect(blockText((await ask()).blocks)).not.toMatch(/asking faster/);
    for (const p of [2, 1, 2]) {
      const press = bot.fake.blockAction(ACTIONS.next, encodePageValue({ q: PAGED_QUESTION, p, id: 'ans1' }) ?? '', {
        user_id: 'UPAGE1',
      });
      await bot.fake.sendEnvelope('interactive', press);
      const path = new URL(press.response_url).pathname;
      const post = await bot.fake.waitForResponse((r) => r.path === path);
      expect(JSON.stringify(post.body)).not.toMatch(/asking faster/);
    }
    // The limit is 2: the second question is still answered after three page presses.
    expect(blockText((await ask()).blocks)).not.toMatch(/asking faster/);
    expect(blockText((await ask()).blocks)).toMatch(/asking faster/);
  });

  it('refuses a rate-limited mention ephemerally, to the asker only, in the thread', async () => {
    for (let i = 0; i < 3; i += 1) {
      await bot.fake.sendEnvelope('events_api', bot.fake.appMention(`${BOT} ${ALLIANCE_QUESTION}`, { user: 'URATE3' }));
    }
    const refusal = await bot.fake.waitForCall('chat.postEphemeral');
    expect(refusal.body).toMatchObject({ user: 'URATE3', channel: FAKE_SLACK_DEFAULTS.channelId });
    expect(refusal.body.thread_ts).toEqual(expect.any(String));
    expect(String(refusal.body.text)).toMatch(/asking faster/);
    await vi.waitFor(() => expect(bot.fake.callsTo('chat.postMessage')).toHaveLength(2));
  });

  it('refuses channels outside the allow-list (and DMs, when a list is set)', async () => {
    const ack = await bot.fake.sendEnvelope(
      'slash_commands',
      bot.fake.slashCommand(ALLIANCE_QUESTION, { channel_id: 'COTHER', user_id: 'UALLOW1' }),
    );
    expect(blockText((ack.payload as { blocks: unknown }).blocks)).toMatch(/not set up to answer in this channel/);
    await bot.fake.sendEnvelope(
      'events_api',
      bot.fake.appMention(`${BOT} ${ALLIANCE_QUESTION}`, { channel: 'COTHER', user: 'UALLOW1' }),
    );
    const ephemeral = await bot.fake.waitForCall('chat.postEphemeral');
    expect(ephemeral.body).toMatchObject({ channel: 'COTHER', user: 'UALLOW1' });
    await bot.fake.sendEnvelope('events_api', bot.fake.directMessage(ALLIANCE_QUESTION, { user: 'UALLOW1' }));
    const dm = await bot.fake.waitForCall('chat.postEphemeral', (c) => c.body.channel !== 'COTHER');
    expect(dm.body).toMatchObject({ channel: FAKE_SLACK_DEFAULTS.dmChannelId, user: 'UALLOW1' });
    expect(String(dm.body.text)).toMatch(/not set up to answer in this channel/);
  });
  // Every other action outside the allow-list: gate-every-action.test.ts.
});

describe('createSlackBot: configuration errors name the variable and the fix', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('needs an app token or a signing secret', async () => {
    const { service } = await buildBot(fake, { mode: 'http' });
    const { logger } = captureLogger('silent');
    await expect(createSlackBot({ service, botToken: 'xoxb-1', apiUrl: fake.apiUrl, logger })).rejects.toThrow(
      /SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required/,
    );
  });

  it('names SLACK_BOT_TOKEN when Slack rejects it', async () => {
    fake.override('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    try {
      const { bot } = await buildBot(fake, { mode: 'http' });
      const error: unknown = await bot.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BotError);
      expect((error as BotError).code).toBe('CONFIG');
      expect((error as BotError).message).toBe(
        'SLACK_BOT_TOKEN: Slack rejected it (invalid_auth); copy the Bot User OAuth Token from OAuth & Permissions',
      );
      expect(bot.isReady()).toBe(false);
    } finally {
      fake.override('auth.test', undefined);
    }
  });

  it('names SLACK_APP_TOKEN when Slack refuses to open a socket', async () => {
    fake.override('apps.connections.open', () => ({ ok: false, error: 'invalid_auth' }));
    try {
      const { bot } = await buildBot(fake, { mode: 'socket' });
      await expect(bot.start()).rejects.toThrow(
        /^SLACK_APP_TOKEN: Slack rejected it \(invalid_auth\); create an app-level token/,
      );
      expect(bot.isReady()).toBe(false);
      await bot.stop();
    } finally {
      fake.override('apps.connections.open', undefined);
    }
  });

  it('names SLACK_API_URL when Slack cannot be reached', async () => {
    const { service } = await buildBot(fake, { mode: 'http' });
    const bot = await createSlackBot({
      service,
      botToken: 'xoxb-1',
      signingSecret: 's',
      apiUrl: 'http://127.0.0.1:9/api/',
      logger: captureLogger('silent').logger,
      retryConfig: { retries: 0 },
    });
    await expect(bot.start()).rejects.toThrow(
      /^SLACK_API_URL: could not reach Slack .*; check SLACK_API_URL and the network$/,
    );
  });
});

describe('a failure inside the bot', () => {
  it('reaches the user as one short ephemeral line, and the logs get the details', async () => {
    const fake = await FakeSlack.start();
    const real = await knowledgeAnswerer();
    const broken: Answerer = Object.assign(Object.create(real) as Answerer, {
      ask: () => {
        throw new Error('index exploded');
      },
    });
    const { logger, lines } = captureLogger('info');
    const bot = await createSlackBot({
      service: new BotService({ answerer: () => broken }),
      botToken: BOT_TOKEN,
      appToken: 'xapp-1',
      apiUrl: fake.apiUrl,
      logger,
      retryConfig: fake.clientOptions().retryConfig,
    });
    try {
      await bot.start();
      const ack = await fake.sendEnvelope('slash_commands', fake.slashCommand(ALLIANCE_QUESTION));
      expect(ack.payload).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringMatching(/^Sorry, something went wrong/),
      });
      expect(JSON.stringify(ack.payload)).not.toContain('index exploded');
      await fake.sendEnvelope('events_api', fake.directMessage(ALLIANCE_QUESTION));
      const sorry = await fake.waitForCall('chat.postEphemeral');
      expect(String(sorry.body.text)).toMatch(/^Sorry, something went wrong/);
      expect(problems(lines).some((l) => l.includes('index exploded'))).toBe(true);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });
});
