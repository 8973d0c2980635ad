import type { AddressInfo } from 'node:net';
import { App, isValidSlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_SLACK_DEFAULTS,
  FakeSlack,
  FakeSlackLogger,
  encodeEvent,
  encodeInteractive,
  encodeSlashCommand,
  postSignedRequest,
  signSlackRequest,
  slashCommand,
} from './fake-slack.js';

const BOT_MENTION = `<@${FAKE_SLACK_DEFAULTS.botUserId}>`;

describe('signSlackRequest', () => {
  // Test vector from PLATFORM-FACTS.md (Slack section).
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const ts = 1531420618;
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const expected = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

  it('matches the documented test vector', () => {
    expect(signSlackRequest(secret, body, ts)).toEqual({
      'x-slack-signature': expected,
      'x-slack-request-timestamp': String(ts),
    });
  });

  it("agrees with Bolt's own verifier", () => {
    const headers = signSlackRequest(secret, body, ts);
    const verify = (sig: string, nowSec: number): boolean =>
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': sig, 'x-slack-request-timestamp': ts },
        nowMilliseconds: nowSec * 1000,
      });
    expect(verify(headers['x-slack-signature'], ts)).toBe(true);
    expect(verify(headers['x-slack-signature'].replace(/.$/, '0'), ts)).toBe(false);
    // Bolt rejects timestamps older than 5 minutes but accepts future ones.
    expect(verify(headers['x-slack-signature'], ts + 301)).toBe(false);
    expect(verify(headers['x-slack-signature'], ts - 3600)).toBe(true);
  });
});

describe('FakeSlack with the real Bolt App in Socket Mode', () => {
  let fake: FakeSlack;
  let app: App;
  const logger = new FakeSlackLogger();
  const seenRetries: Array<number | undefined> = [];

  beforeAll(async () => {
    fake = await FakeSlack.start();
    app = new App({
      token: 'xoxb-test',
      appToken: 'xapp-test',
      socketMode: true,
      // Bolt copies clientOptions into installerOptions.clientOptions, which reaches the SocketModeClient too.
      clientOptions: { slackApiUrl: fake.apiUrl },
      logger,
    });
    app.command('/ask', async ({ ack, respond }) => {
      await ack({ text: 'ok' });
      await respond({ text: 'later' });
    });
    app.command('/silent', async () => {
      // never acks
    });
    app.event('app_mention', async ({ event, client, context }) => {
      seenRetries.push(context.retryNum);
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        text: `answer to: ${event.text}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'answer' } }],
      });
    });
    app.message(async ({ message, say }) => {
      if (message.channel_type === 'im' && 'text' in message) await say(`dm: ${message.text ?? ''}`);
    });
    app.action('vote', async ({ ack, respond, action }) => {
      await ack();
      await respond({ replace_original: true, text: `voted ${'value' in action ? action.value : '?'}` });
    });
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('answers auth.test with the bot token and apps.connections.open with the app token', async () => {
    const auth = await fake.waitForCall('auth.test');
    expect(auth.token).toBe('xoxb-test');
    const open = await fake.waitForCall('apps.connections.open');
    expect(open.token).toBe('xapp-test');
    await fake.waitForSocket();
    expect(fake.socketConnections).toBe(1);
  });

  it('returns the ack payload of a slash command and captures respond()', async () => {
    const payload = fake.slashCommand('what is up?');
    const ack = await fake.sendEnvelope('slash_commands', payload);
    expect(ack.payload).toEqual({ text: 'ok' });
    const post = await fake.waitForResponse((p) => p.path === new URL(payload.response_url ?? '').pathname);
    expect(post.body).toEqual({ text: 'later' });
  });

  it('acks events before the listener runs, then captures chat.postMessage in the thread', async () => {
    const body = fake.appMention(`${BOT_MENTION} question`, { thread_ts: '1700000000.000001' });
    const ack = await fake.sendEnvelope('events_api', body);
    expect(ack).toEqual({ envelope_id: ack.envelope_id, payload: {} });
    const call = await fake.waitForCall(
      'chat.postMessage',
      (c) => c.body.text === `answer to: ${BOT_MENTION} question`,
    );
    expect(call.token).toBe('xoxb-test');
    expect(call.body).toMatchObject({
      channel: FAKE_SLACK_DEFAULTS.channelId,
      thread_ts: '1700000000.000001',
      team_id: fake.teamId, // the listener's client is a per-team WebClient that adds team_id
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'answer' } }], // form field JSON-parsed back
    });
  });

  it('passes retry_attempt through as context.retryNum', async () => {
    seenRetries.length = 0;
    await fake.sendEnvelope('events_api', fake.appMention(`${BOT_MENTION} again`), {
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
    await fake.waitForCall('chat.postMessage', (c) => c.body.text === `answer to: ${BOT_MENTION} again`);
    expect(seenRetries).toEqual([1]);
  });

  it('delivers DMs as message events with channel_type im', async () => {
    await fake.sendEnvelope('events_api', fake.directMessage('hello in private'));
    const call = await fake.waitForCall('chat.postMessage', (c) => c.body.text === 'dm: hello in private');
    expect(call.body.channel).toBe(FAKE_SLACK_DEFAULTS.dmChannelId);
  });

  it('handles block actions with an empty ack and a respond()', async () => {
    const payload = fake.blockAction('vote', 'yes');
    const ack = await fake.sendEnvelope('interactive', payload);
    expect(ack.payload).toEqual({});
    const post = await fake.waitForResponse((p) => p.path === new URL(payload.response_url).pathname);
    expect(post.body).toEqual({ replace_original: true, text: 'voted yes' });
  });

  it('rejects when the app never acks', async () => {
    await expect(
      fake.sendEnvelope('slash_commands', fake.slashCommand('x', { command: '/silent' }), { timeoutMs: 200 }),
    ).rejects.toThrow(/not acked within 200 ms/);
  });

  it('keeps Bolt quiet: nothing above info was logged', () => {
    expect(logger.problems()).toEqual([]);
  });
});

describe('FakeSlack with the real Bolt App in HTTP mode', () => {
  const signingSecret = 'test-signing-secret';
  let fake: FakeSlack;
  let app: App;
  let eventsUrl: string;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    app = new App({
      token: 'xoxb-test',
      signingSecret,
      clientOptions: fake.clientOptions(),
      logger: new FakeSlackLogger(),
    });
    app.command('/ask', async ({ ack, respond, command }) => {
      await ack({ response_type: 'ephemeral', text: `ok: ${command.text}` });
      await respond({ text: 'later' });
    });
    app.command('/slow', async ({ ack, respond }) => {
      await ack('working on it');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await respond({ text: 'done' });
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: 'hi', thread_ts: event.ts });
    });
    app.action('vote', async ({ ack }) => {
      await ack();
    });
    const server = await app.start(0); // port 0: the OS picks a free port
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  beforeEach(() => fake.reset());

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('returns the ack as the HTTP response body and captures respond()', async () => {
    const payload = fake.slashCommand('hello world');
    const result = await postSignedRequest(eventsUrl, signingSecret, encodeSlashCommand(payload));
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/json');
    expect(result.json).toEqual({ response_type: 'ephemeral', text: 'ok: hello world' });
    const post = await fake.waitForResponse();
    expect(post.body).toEqual({ text: 'later' });
  });

  it('sends the HTTP response as soon as ack() is called, while the listener keeps running', async () => {
    const started = Date.now();
    const result = await postSignedRequest(
      eventsUrl,
      signingSecret,
      encodeSlashCommand(fake.slashCommand('', { command: '/slow' })),
    );
    expect(result.text).toBe('working on it'); // a string ack is sent as a plain-text body
    expect(Date.now() - started).toBeLessThan(250);
    expect(fake.responseUrlPosts).toEqual([]);
    expect((await fake.waitForResponse()).body).toEqual({ text: 'done' });
  });

  it('answers 401 to a bad signature', async () => {
    const result = await postSignedRequest(eventsUrl, 'wrong-secret', encodeSlashCommand(slashCommand('x')));
    expect(result.status).toBe(401);
    expect(fake.responseUrlPosts).toEqual([]);
  });

  it('acks events with an empty 200 and captures the say()', async () => {
    const result = await postSignedRequest(eventsUrl, signingSecret, encodeEvent(fake.appMention(`${BOT_MENTION} hi`)));
    expect(result.status).toBe(200);
    expect(result.text).toBe('');
    const call = await fake.waitForCall('chat.postMessage');
    expect(call.body).toMatchObject({ channel: FAKE_SLACK_DEFAULTS.channelId, text: 'hi' });
  });

  it('accepts interactive payloads form-encoded as payload=JSON', async () => {
    const result = await postSignedRequest(eventsUrl, signingSecret, encodeInteractive(fake.blockAction('vote', 'no')));
    expect(result.status).toBe(200);
  });

  it('answers url_verification with the challenge', async () => {
    const result = await postSignedRequest(
      eventsUrl,
      signingSecret,
      encodeEvent({ token: 't', challenge: 'abc123', type: 'url_verification' }),
    );
    expect(result.status).toBe(200);
    expect(result.text).toContain('abc123');
  });
});

describe('FakeSlack Web API answers', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start({ botUserId: 'UOTHER', botId: 'BOTHER', teamId: 'TOTHER' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('answers auth.test, unique ts for chat.postMessage, overrides and 429s', async () => {
    const app = new App({
      token: 'xoxb-test',
      signingSecret: 's',
      clientOptions: fake.clientOptions(), // fast retries: the 429 below costs milliseconds, not ~1 s
      logger: new FakeSlackLogger(),
    });
    const auth = await app.client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'UOTHER', bot_id: 'BOTHER', team_id: 'TOTHER', user: 'bot' });
    const a = await app.client.chat.postMessage({ channel: 'C1', text: 'a' });
    const b = await app.client.chat.postMessage({ channel: 'C1', text: 'b' });
    expect(a.ts).not.toBe(b.ts);
    expect(a.channel).toBe('C1');

    fake.override('chat.postMessage', () => ({ ok: false, error: 'msg_too_long' }));
    await expect(app.client.chat.postMessage({ channel: 'C1', text: 'c' })).rejects.toThrow(/msg_too_long/);
    fake.override('chat.postMessage', undefined);

    fake.rateLimit('chat.update', 0, 1);
    const updated = await app.client.chat.update({ channel: 'C1', ts: a.ts ?? '', text: 'edited' });
    expect(updated.ts).toBe(a.ts);
    expect(fake.callsTo('chat.update').map((c) => c.status)).toEqual([429, 200]);
  });
});
