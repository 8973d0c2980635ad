import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordGateway } from '../../../adapters/discord/gateway.js';
import { createDiscordHttpHandler } from '../../../adapters/discord/http.js';
import type { ServicePort } from '../../../src/bot-service.js';
import { STRINGS } from '../../../src/message/strings.js';
import {
  FAKE_DISCORD_DEFAULTS as D,
  FAKE_DISCORD_TOKEN,
  FakeDiscord,
  type FakeInteractionExtras,
} from '../../helpers/fake-discord.js';
import { memoryLogger, realService, sleep, type CallbackBody } from './support.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake.close();
});

/** The core's gate holds the only allow-lists: the fake's default server, and its default channel. */
const gated = (): ReturnType<typeof realService> =>
  realService({ spaces: { discord: [D.guildId] }, channels: { discord: [D.channelId] } });

/** A running adapter: how to send it an interaction and read the first response back, and how to stop it. */
interface Mode {
  readonly send: (payload: { id: string }) => Promise<CallbackBody>;
  readonly stop: () => Promise<void>;
}

/** Gateway mode: the real discord.js client, the interaction dispatched by the fake, the callback read from it. */
async function gatewayMode(service: ServicePort): Promise<Mode> {
  const gateway = await startDiscordGateway({
    service,
    token: FAKE_DISCORD_TOKEN,
    applicationId: fake.applicationId,
    apiUrl: fake.apiBase,
    logger: memoryLogger().logger,
  });
  await fake.waitForReady();
  for (let waited = 0; !gateway.isReady() && waited < 2000; waited += 10) await sleep(10);
  return {
    send: async (payload) => {
      fake.dispatchInteraction(payload);
      const captured = await fake.waitForCallback(payload.id);
      expect(captured.errors).toEqual([]);
      return captured.body as CallbackBody;
    },
    stop: () => gateway.stop(),
  };
}

/** HTTP mode: the interactions endpoint, each request signed as Discord signs it, the response body read. */
async function httpMode(service: ServicePort): Promise<Mode> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
  const handler = createDiscordHttpHandler({
    service,
    publicKey: hex,
    applicationId: fake.applicationId,
    apiUrl: fake.apiBase,
    logger: memoryLogger().logger,
  });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    send: async (payload) => {
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      const headers = {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
      };
      const response = await fetch(url, { method: 'POST', headers, body });
      expect(response.status).toBe(200);
      return (await response.json()) as CallbackBody;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const answer = { embeds: [{ title: 'cooperation' }], flags: 64 };
const id = 'AbCdEfGh';

/** Every Discord action, as it arrives from `where`; each is a command, an autocomplete or a button. */
const actions = (where: FakeInteractionExtras): Array<[string, { id: string }]> => [
  ['/ask', fake.chatInput('ask', [{ name: 'question', type: 3, value: 'What is APEC?' }], where)],
  ['/cite', fake.chatInput('cite', [{ name: 'address', type: 3, value: 'russia-china-relations §1.1' }], where)],
  ['/topics', fake.chatInput('topics', [], where)],
  ['ask autocomplete', fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'asia', focused: true }], where)],
  ['cite autocomplete', fake.autocomplete('cite', [{ name: 'address', type: 3, value: '§1.', focused: true }], where)],
  ['page', fake.button(`a1:p:2:${id}`, { ...where, message: answer })],
  ['full', fake.button('a1:full:russia-china-relations §1.1', { ...where, message: answer })],
  ['full-at', fake.button('a1:fi:1:0', { ...where, message: answer })],
  ['👍', fake.button(`a1:up:${id}:russia-china-relations §1.6`, { ...where, message: answer })],
  ['👎', fake.button(`a1:down:${id}`, { ...where, message: answer })],
  ['post', fake.button(`a1:post:1:${id}`, { ...where, message: answer })],
];

describe.each([
  ['gateway', gatewayMode],
  ['HTTP', httpMode],
] as const)('every Discord action passes the one gate, in %s mode', (_, start) => {
  let mode: Mode;
  let log: Awaited<ReturnType<typeof realService>>['log'];
  beforeAll(async () => {
    const real = await gated();
    log = real.log;
    mode = await start(real.service);
  });
  afterAll(async () => mode.stop());

  it.each([
    ['outside the server allow-list', { guildId: '999' }, STRINGS.notInServer],
    ['in a DM, when only some servers are allowed', { guildId: null }, STRINGS.notInServer],
    ['outside the channel allow-list', { channelId: '777' }, STRINGS.notInChannel],
  ] as const)('refuses each one %s, with the gate’s own words', async (_, where, refusal) => {
    for (const [what, payload] of actions(where)) {
      const body = await mode.send(payload);
      if (what.endsWith('autocomplete')) expect(body, what).toEqual({ type: 8, data: { choices: [] } });
      else
        expect(body, what).toEqual({
          type: 4,
          data: { content: refusal, flags: 64, allowed_mentions: { parse: [] } },
        });
    }
    // Nothing got past the gate: no question logged, no vote recorded.
    expect(log.records).toEqual([]);
    expect(log.votes).toEqual([]);
  });

  it('lets every action through where the bot is enabled', async () => {
    for (const [what, payload] of actions({})) {
      const body = await mode.send(payload);
      if (what.endsWith('autocomplete')) expect(body.data?.choices?.length, what).toBeGreaterThan(0);
      else expect(body.data?.content ?? '', what).not.toMatch(/not set up to answer/);
    }
    expect(log.records).toHaveLength(1);
    expect(log.votes.map((v) => v.vote)).toEqual(['up', 'down']);
  });
});
