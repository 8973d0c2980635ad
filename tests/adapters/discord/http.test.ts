import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordHttpHandler, discordPublicKey } from '../../../adapters/discord/http.js';
import type { ServicePort } from '../../../src/bot-service.js';
import { STRINGS } from '../../../src/message/strings.js';
import { FakeDiscord } from '../../helpers/fake-discord.js';
import { customIds, memoryLogger, realService, slowed, type CallbackBody, type MessageBody } from './support.js';

/** A fresh Ed25519 key pair, and the public key as Discord shows it (64 hex characters). */
function keyPair(): { privateKey: KeyObject; hex: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return { privateKey, hex: Buffer.from(x, 'base64url').toString('hex') };
}

const discordKey = keyPair();
const otherKey = keyPair();
const logs = memoryLogger();
let fake: FakeDiscord;
let server: Server;
let url: string;
let votes: Awaited<ReturnType<typeof realService>>['log']['votes'];

async function listen(
  service: ServicePort,
  extra: { deferAfterMs?: number } = {},
): Promise<{ server: Server; url: string }> {
  const handler = createDiscordHttpHandler({
    service,
    publicKey: discordKey.hex,
    applicationId: fake.applicationId,
    apiUrl: fake.apiBase,
    logger: logs.logger,
    maxBodyBytes: 8192,
    ...extra,
  });
  const s = createServer((req, res) => {
    if (req.url === '/discord/interactions') handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/discord/interactions` };
}

async function close(s: Server): Promise<void> {
  s.closeAllConnections();
  await new Promise<void>((resolve) => s.close(() => resolve()));
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const real = await realService();
  votes = real.log.votes;
  ({ server, url } = await listen(real.service));
});

afterAll(async () => {
  await close(server);
  await fake.close();
});

interface Signed {
  body?: string;
  timestamp?: string;
  signature?: string | null;
  key?: KeyObject;
  to?: string;
}

/** POSTs a body signed like Discord signs it (or not, or wrongly). */
async function post(payload: unknown, o: Signed = {}): Promise<{ status: number; json: CallbackBody }> {
  const body = o.body ?? JSON.stringify(payload);
  const timestamp = o.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature =
    o.signature === undefined
      ? sign(null, Buffer.from(timestamp + body), o.key ?? discordKey.privateKey).toString('hex')
      : o.signature;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-signature-timestamp': timestamp };
  if (signature !== null) headers['x-signature-ed25519'] = signature;
  const response = await fetch(o.to ?? url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? {} : JSON.parse(text)) as CallbackBody };
}

describe('HTTP interactions endpoint: signatures', () => {
  it('answers a signed PING with PONG', async () => {
    expect(await post({ id: '1', token: 't', type: 1, application_id: fake.applicationId })).toEqual({
      status: 200,
      json: { type: 1 },
    });
  });

  it('refuses missing, malformed, tampered and wrong-key signatures with 401', async () => {
    const ping = { id: '1', token: 't', type: 1 };
    const body = JSON.stringify(ping);
    const ts = '1700000000';
    const good = sign(null, Buffer.from(ts + body), discordKey.privateKey).toString('hex');
    const cases: Signed[] = [
      { signature: null },
      { signature: '' },
      { signature: 'zz'.repeat(64) },
      { signature: good.slice(0, 126) },
      { body: body.replace('"t"', '"u"'), timestamp: ts, signature: good },
      { body, timestamp: '1700000001', signature: good },
      { key: otherKey.privateKey },
      { timestamp: '' },
    ];
    for (const c of cases) expect((await post(ping, c)).status).toBe(401);
    expect(logs.text()).toContain('bad signature');
  });

  it('rejects a bad public key when it is configured, not at the first request', () => {
    expect(() => discordPublicKey('abc')).toThrow(/DISCORD_PUBLIC_KEY: must be 64 hex characters/);
  });

  it('refuses an over-large body with 413, declared or streamed, and other methods with 405', async () => {
    expect((await post({ type: 1, pad: 'x'.repeat(10_000) })).status).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write('x'.repeat(4000));
      req.end();
    });
    expect(streamed).toBe(413);
    expect((await fetch(url)).status).toBe(405);
    expect((await post({ nonsense: true })).status).toBe(400);
    expect((await post(undefined, { body: 'not json' })).status).toBe(400);
  });
});

describe('HTTP interactions endpoint: commands and buttons', () => {
  it('answers /ask in the response body, with the same payload as the gateway', async () => {
    const { status, json } = await post(fake.chatInput('ask', [{ name: 'question', type: 3, value: 'What is APEC?' }]));
    expect(status).toBe(200);
    expect(json).toMatchObject({
      type: 4,
      data: { flags: 64, embeds: [{ title: 'What is APEC?' }], allowed_mentions: { parse: [] } },
    });
    expect(json.data?.embeds?.[0]?.fields?.[0]?.value).toContain('(**APEC**)');
  });

  it('pages, posts and records feedback statelessly, from the message and the custom_id', async () => {
    const first = await post(fake.chatInput('ask', [{ name: 'question', type: 3, value: 'cooperation' }]));
    const next = customIds(first.json.data).find((id) => id.startsWith('a1:p:2:')) ?? '';
    const message = { embeds: first.json.data?.embeds ?? [], flags: 64 } as never;
    const paged = await post(fake.button(next, { message }));
    expect(paged.json).toMatchObject({ type: 7, data: { embeds: [{ title: 'cooperation' }] } });
    expect(paged.json.data?.embeds?.[0]?.footer?.text).toMatch(/^page 2 of 3 · knowledge /);
    const answerId = next.split(':')[3] ?? '';
    // The fake only knows tokens of interactions it dispatched itself, so it is told to accept the follow-up.
    fake.override((r) => r.method === 'POST' && r.path.startsWith('/api/v10/webhooks/'), {
      status: 200,
      body: { id: '2' },
    });
    const click = fake.button(`a1:post:2:${answerId}`, { message });
    const posted = await post(click);
    expect(posted.json.type).toBe(6);
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path.includes(click.token));
    expect(followUp.body).toMatchObject({ embeds: [{ title: 'cooperation' }], allowed_mentions: { parse: [] } });
    expect((followUp.body as MessageBody).flags).toBeUndefined();
    const voted = await post(fake.button(`a1:up:${answerId}`, { message }));
    expect(voted.json.data?.content).toContain('👍');
    expect(votes).toMatchObject([{ answerId, vote: 'up' }]);
  });

  it('answers /topics, /cite and autocomplete', async () => {
    expect((await post(fake.chatInput('topics'))).json.data?.embeds?.[0]?.title).toBe(STRINGS.topicsTitle);
    const cite = await post(fake.chatInput('cite', [{ name: 'address', type: 3, value: '§3.1' }]));
    expect(cite.json.data?.embeds?.[0]?.title).toBe('russia-china-relations §3.1');
    const auto = await post(fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'wor', focused: true }]));
    expect(auto.json.type).toBe(8);
    expect(auto.json.data?.choices?.length).toBeGreaterThan(0);
  });

  it('defers a slow answer in the response body, then edits @original over REST', async () => {
    const { service } = await realService();
    const slow: ServicePort = slowed(service, 150);
    const slowServer = await listen(slow, { deferAfterMs: 20 });
    try {
      // The fake only knows tokens of interactions it dispatched itself, so it is told to accept this edit.
      fake.override((r) => r.method === 'PATCH', { status: 200, body: { id: '1' } });
      const payload = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'What is APEC?' }]);
      const { json } = await post(payload, { to: slowServer.url });
      expect(json).toEqual({ type: 5, data: { flags: 64 } });
      // The reply is tracked by the service, so that shutdown (service.settled) waits for the edit.
      expect(service.inFlight).toBeGreaterThan(0);
      await service.settled(5_000);
      expect(fake.requests.some((r) => r.method === 'PATCH' && r.path.includes(payload.token))).toBe(true);
      const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(payload.token));
      expect(edit.path).toBe(`/api/v10/webhooks/${fake.applicationId}/${payload.token}/messages/@original`);
      expect(edit.headers.authorization).toBeUndefined();
      expect((edit.body as MessageBody).embeds?.[0]?.title).toBe('What is APEC?');
    } finally {
      await close(slowServer.server);
    }
  });

  it('never logs an interaction token or a signature', () => {
    const text = logs.text();
    expect(text).not.toMatch(/fake-interaction-token/);
    expect(text).not.toMatch(/[0-9a-f]{128}/);
  });
});
