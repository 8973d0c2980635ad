import { createServer, type Server } from 'node:http';
import { STRINGS } from '../../../src/message/strings.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_SLACK_DEFAULTS,
  FakeSlack,
  encodeEvent,
  encodeInteractive,
  encodeSlashCommand,
  postSignedRequest,
  signSlackRequest,
  type SlackHttpBody,
} from '../../helpers/fake-slack.js';
import type { SlackBot } from '../../../adapters/slack/app.js';
import { PAGED_QUESTION, SIGNING_SECRET, blockText, buildBot, buttonsOf, problems, type Harness } from './harness.js';

const BOT = `<@${FAKE_SLACK_DEFAULTS.botUserId}>`;

/** The signed test vector from PLATFORM-FACTS.md (Slack's own documentation). */
const VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  ts: 1531420618,
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

/** The shared HTTP server's part, as adapters/main.ts would mount it: POST /slack/events → httpHandler. */
async function serve(bot: SlackBot): Promise<{ server: Server; url: string }> {
  const handler = bot.httpHandler;
  if (handler === undefined) throw new Error('no httpHandler in HTTP mode');
  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === '/slack/events') handler(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` };
}

async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function postRaw(url: string, request: SlackHttpBody, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': request.contentType, ...headers },
    body: request.body,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('Slack adapter in HTTP mode, behind a node:http server', () => {
  let fake: FakeSlack;
  let h: Harness;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    h = await buildBot(fake, { mode: 'http', bodyLimit: 64 * 1024 });
    expect(h.bot.mode).toBe('http');
    ({ server, url } = await serve(h.bot));
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await h.bot.stop();
    await close(server);
    await fake.close();
  });

  it('answers 503 until started, then checks the bot token and is ready', async () => {
    const early = await postSignedRequest(url, SIGNING_SECRET, encodeSlashCommand(fake.slashCommand('help')));
    expect(early.status).toBe(503);
    expect(h.bot.isReady()).toBe(false);
    await h.bot.start();
    expect(h.bot.isReady()).toBe(true);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('answers /ask in the HTTP response (the ack) with a correctly signed request', async () => {
    const started = Date.now();
    const result = await postSignedRequest(url, SIGNING_SECRET, encodeSlashCommand(fake.slashCommand(PAGED_QUESTION)));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.status).toBe(200);
    const body = result.json as { response_type: string; blocks: unknown };
    expect(body.response_type).toBe('ephemeral');
    expect(blockText(body.blocks)).toContain('page 1 of 3');
  });

  it('accepts timestamps up to 5 minutes off, either way', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 290, now + 290]) {
      const result = await postSignedRequest(url, SIGNING_SECRET, encodeSlashCommand(fake.slashCommand('help')), {
        timestamp,
      });
      expect(result.status).toBe(200);
    }
  });

  it('answers 401 to a bad, missing, stale or future-dated signature', async () => {
    const request = encodeSlashCommand(fake.slashCommand('help'));
    const now = Math.floor(Date.now() / 1000);
    expect((await postSignedRequest(url, 'wrong-secret', request)).status).toBe(401);
    expect((await postSignedRequest(url, SIGNING_SECRET, request, { timestamp: now - 301 })).status).toBe(401);
    expect((await postSignedRequest(url, SIGNING_SECRET, request, { timestamp: now + 301 })).status).toBe(401);
    expect(await postRaw(url, request, {})).toBe(401);
    const signed = signSlackRequest(SIGNING_SECRET, request.body);
    expect(await postRaw(url, { ...request, body: `${request.body}&x=1` }, signed)).toBe(401); // tampered body
    expect(await postRaw(url, request, { ...signed, 'x-slack-request-timestamp': 'soon' })).toBe(401);
    expect(fake.calls).toEqual([]);
    expect(fake.responseUrlPosts).toEqual([]);
    expect(problems(h.lines).join('')).not.toContain(SIGNING_SECRET);
  });

  it('answers url_verification with the challenge', async () => {
    const result = await postSignedRequest(
      url,
      SIGNING_SECRET,
      encodeEvent({ token: 't', challenge: 'challenge-123', type: 'url_verification' }),
    );
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ challenge: 'challenge-123' });
  });

  it('refuses other methods and bodies over the size limit', async () => {
    expect((await fetch(url)).status).toBe(405);
    const big = encodeEvent({ type: 'event_callback', padding: 'x'.repeat(70 * 1024) });
    expect((await postSignedRequest(url, SIGNING_SECRET, big)).status).toBe(413);
  });

  it('answers a mention in its thread, and a retried delivery (X-Slack-Retry-Num) once', async () => {
    const mention = encodeEvent(fake.appMention(`${BOT} ${PAGED_QUESTION}`, { event_id: 'EvHTTP1' }));
    const first = await postSignedRequest(url, SIGNING_SECRET, mention);
    expect(first.status).toBe(200);
    expect(first.text).toBe('');
    await fake.waitForCall('chat.postMessage');
    const retry = await postSignedRequest(url, SIGNING_SECRET, mention, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await postSignedRequest(url, SIGNING_SECRET, encodeEvent(fake.appMention(`${BOT} help`, { event_id: 'EvHTTP2' })));
    await fake.waitForCall('chat.postMessage', (c) => blockText(c.body.blocks).includes('I answer questions'));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('acks a button at once and updates the message through its response_url', async () => {
    const reply = await postSignedRequest(url, SIGNING_SECRET, encodeSlashCommand(fake.slashCommand(PAGED_QUESTION)));
    const next = buttonsOf((reply.json as { blocks: unknown }).blocks).find((b) => b.text.text === STRINGS.button.next);
    const payload = fake.blockAction(next?.action_id ?? '', next?.value ?? '');
    const result = await postSignedRequest(url, SIGNING_SECRET, encodeInteractive(payload));
    expect(result.status).toBe(200);
    const post = await fake.waitForResponse();
    expect(post.path).toBe(new URL(payload.response_url).pathname);
    expect(blockText((post.body as { blocks: unknown }).blocks)).toContain(STRINGS.page(2, 3));
  });

  it('answers a slash command of another name too, instead of timing out or refusing it', async () => {
    const result = await postSignedRequest(
      url,
      SIGNING_SECRET,
      encodeSlashCommand(fake.slashCommand('help', { command: '/other' })),
    );
    expect(result.json).toMatchObject({ response_type: 'ephemeral', text: STRINGS.helpTitle });
    expect(JSON.stringify(result.json)).toContain('/other cite');
  });
});

describe("Slack HTTP mode and the documented test vector (clock set to the vector's time)", () => {
  let fake: FakeSlack;
  let server: Server;
  let url: string;
  let bot: SlackBot;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    // The vector was signed with its own secret, and the clock is set to its time.
    ({ bot } = await buildBot(fake, { mode: 'http', signingSecret: VECTOR.secret, now: () => VECTOR.ts * 1000 }));
    await bot.start();
    ({ server, url } = await serve(bot));
  });
  afterAll(async () => {
    await bot.stop();
    await close(server);
    await fake.close();
  });

  const vector: SlackHttpBody = { body: VECTOR.body, contentType: 'application/x-www-form-urlencoded' };

  it('accepts the signed vector and acks its command', async () => {
    const headers = { 'x-slack-signature': VECTOR.signature, 'x-slack-request-timestamp': String(VECTOR.ts) };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': vector.contentType, ...headers },
      body: vector.body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ response_type: 'ephemeral' });
  });

  it('refuses the vector with one character of the signature changed', async () => {
    const headers = {
      'x-slack-signature': VECTOR.signature.replace(/.$/, '0'),
      'x-slack-request-timestamp': String(VECTOR.ts),
    };
    expect(await postRaw(url, vector, headers)).toBe(401);
  });
});
