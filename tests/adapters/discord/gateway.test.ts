import { GatewayIntentBits, MessageFlags, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOptions, startDiscordGateway, type DiscordGateway } from '../../../adapters/discord/gateway.js';
import type { ServicePort } from '../../../src/bot-service.js';
import { STRINGS } from '../../../src/message/strings.js';
import {
  FAKE_DISCORD_TOKEN,
  FakeDiscord,
  type CapturedRequest,
  type FakeInteractionExtras,
} from '../../helpers/fake-discord.js';
import {
  customIds,
  memoryLogger,
  overriding,
  slowed,
  realService,
  sleep,
  type CallbackBody,
  type MessageBody,
} from './support.js';

let fake: FakeDiscord;
let gateway: DiscordGateway | undefined;
let log: Awaited<ReturnType<typeof realService>>['log'];
const logs = memoryLogger();

async function start(
  service?: ServicePort,
  extra: { deferAfterMs?: number; shards?: 'auto' } = {},
): Promise<DiscordGateway> {
  const real = await realService();
  log = real.log;
  const started = await startDiscordGateway({
    service: service ?? real.service,
    token: FAKE_DISCORD_TOKEN,
    applicationId: fake.applicationId,
    apiUrl: fake.apiBase,
    logger: logs.logger,
    ...extra,
  });
  await fake.waitForReady();
  for (let waited = 0; !started.isReady() && waited < 2000; waited += 10) await sleep(10);
  return started;
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  gateway = await start();
});

afterAll(async () => {
  await gateway?.stop();
  await fake.close();
});

/** Dispatches an interaction and returns the body of its callback (failing on a 4xx from the fake). */
async function callback(payload: { id: string }): Promise<CallbackBody> {
  fake.dispatchInteraction(payload);
  const captured = await fake.waitForCallback(payload.id);
  expect(captured.errors).toEqual([]);
  expect(captured.status).toBe(204);
  return captured.body as CallbackBody;
}

/** A button click on the current state of the message an earlier interaction created. */
function click(customId: string, on: { id: string }): ReturnType<FakeDiscord['button']> {
  const message = fake.originalMessage(on);
  if (message === null) throw new Error('no message to click on');
  return fake.button(customId, { message: message as Partial<APIMessage> });
}

describe('gateway mode with the real discord.js Client', () => {
  it('connects with the Guilds intent only', () => {
    expect(gateway?.isReady()).toBe(true);
    expect(fake.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds);
  });

  it('answers /ask privately with the cited passage, and every button works from the message', async () => {
    const ask = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'cooperation' }]);
    const body = await callback(ask);
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]).toMatchObject({
      title: 'cooperation',
      footer: { text: expect.stringMatching(/^page 1 of 3 · knowledge /) },
    });
    expect(body.data?.embeds?.[0]?.fields?.[0]?.value).toContain('**cooperation**');
    const ids = customIds(body.data);
    const answerId = /^a1:p:2:(.+)$/.exec(ids.find((id) => id.startsWith('a1:p:2:')) ?? '')?.[1];
    expect(answerId).toMatch(/^[A-Za-z0-9_-]{8}$/);

    // ▶ edits the private answer in place (type 7); the fake applies the edit to the message.
    const next = click(`a1:p:2:${answerId}`, ask);
    const paged = await callback(next);
    expect(paged.type).toBe(7);
    expect(fake.originalMessage(next)?.embeds[0]?.footer?.text).toMatch(/^page 2 of 3 · knowledge /);

    // ◀ on the edited message goes back.
    const back = await callback(click(`a1:p:1:${answerId}`, next));
    expect(back.data?.embeds?.[0]?.footer?.text).toMatch(/^page 1 of 3 · knowledge /);

    // Full passage, privately.
    const full = await callback(click(ids.find((id) => id.startsWith('a1:full:')) ?? '', ask));
    expect(full).toMatchObject({ type: 4, data: { flags: 64, embeds: [{ title: expect.stringMatching(/§/) }] } });

    // Post to channel: the private answer loses its "Post" button, and a public copy follows.
    const post = click(`a1:post:1:${answerId}`, ask);
    const updated = await callback(post);
    expect(updated.type).toBe(6);
    const followUp = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path.endsWith(`/webhooks/${fake.applicationId}/${post.token}`),
    );
    expect(followUp.status).toBe(200);
    const edit = await fake.waitForRequest(
      (r) =>
        r.method === 'PATCH' && r.path.endsWith(`/webhooks/${fake.applicationId}/${post.token}/messages/@original`),
    );
    expect(customIds(edit.body as MessageBody).some((id) => id.startsWith('a1:post'))).toBe(false);
    const copy = fake.followUpMessages(post)[0];
    expect(copy?.flags ?? 0).toBe(0);
    expect(copy?.embeds[0]?.title).toBe('cooperation');
    expect((followUp.body as MessageBody).allowed_mentions).toEqual({ parse: [] });

    // 👍 is recorded through the core.
    const up = ids.find((id) => id.startsWith('a1:up:')) ?? '';
    const thanks = await callback(click(up, ask));
    expect(thanks).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining('👍') } });
    expect(log.votes).toMatchObject([{ answerId, vote: 'up', address: expect.stringMatching(/§/) }]);
  });

  it('posts publicly at once with public:true, pinging no one', async () => {
    const question = '@everyone @here what is APEC?';
    const body = await callback(
      fake.chatInput('ask', [
        { name: 'question', type: 3, value: question },
        { name: 'public', type: 5, value: true },
      ]),
    );
    expect(body.data?.flags).toBeUndefined();
    expect(body.data?.embeds?.[0]?.title).toBe(question);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers /cite, /topics and autocomplete', async () => {
    const cite = await callback(
      fake.chatInput('cite', [{ name: 'address', type: 3, value: 'russia-china-relations §1.6' }]),
    );
    expect(cite.data?.embeds?.[0]?.description).toMatch(/^> Improving the bilateral partnership/);
    const topics = await callback(fake.chatInput('topics'));
    expect(topics.data?.embeds?.[0]?.fields?.[0]?.value).toContain('`russia-china-relations §1`');
    const auto = await callback(
      fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'belt', focused: true }]),
    );
    expect(auto.type).toBe(8);
    expect(auto.data?.choices?.map((c) => c.value)).toContain('Belt and Road Initiative (BRI)');
    const addresses = await callback(
      fake.autocomplete('cite', [{ name: 'address', type: 3, value: '4.', focused: true }]),
    );
    expect(addresses.data?.choices).toHaveLength(7);
  });

  it('says plainly when the documents do not cover a question', async () => {
    const body = await callback(fake.chatInput('ask', [{ name: 'question', type: 3, value: 'bananas and giraffes' }]));
    expect(body.data).toMatchObject({
      flags: 64,
      embeds: [{ title: 'bananas and giraffes', description: STRINGS.notCovered }],
    });
    expect(body.data?.embeds?.[0]?.fields).toBeUndefined();
    expect(body.data?.components).toBeUndefined();
  });

  it('buttons keep working after a restart: their state is in the custom_id and the message', async () => {
    const ask = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'Russia' }]);
    const body = await callback(ask);
    const next = customIds(body.data).find((id) => id.startsWith('a1:p:2:')) ?? '';
    await gateway?.stop();
    expect(gateway?.isReady()).toBe(false);
    gateway = await start();
    const paged = await callback(click(next, ask));
    expect(paged.type).toBe(7);
    expect(paged.data?.embeds?.[0]).toMatchObject({
      title: 'Russia',
      footer: { text: expect.stringMatching(/^page 2 of \d+ · knowledge /) },
    });
  });

  it('answers every command in every context: server, bot DM, group DM, and a server without the bot', async () => {
    const contexts: FakeInteractionExtras[] = [
      {},
      { guildId: null },
      { guildId: null, install: 'user', channelId: '830000000000000003' },
      { install: 'user', guildId: '840000000000000004' },
    ];
    for (const where of contexts) {
      const ask = await callback(fake.chatInput('ask', [{ name: 'question', type: 3, value: 'What is APEC?' }], where));
      expect(ask.data?.embeds?.[0]?.title, JSON.stringify(where)).toBe('What is APEC?');
      const cite = await callback(
        fake.chatInput('cite', [{ name: 'address', type: 3, value: 'russia-china-relations §1.6' }], where),
      );
      expect(cite.data?.embeds?.[0]?.description).toMatch(/^> Improving/);
      const topics = await callback(fake.chatInput('topics', [], where));
      expect(topics.data?.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
    }
  });

  it('installed to a user only, in a server without the bot, it answers privately and says why', async () => {
    const where: FakeInteractionExtras = { install: 'user', guildId: '840000000000000004' };
    const ask = fake.chatInput(
      'ask',
      [
        { name: 'question', type: 3, value: 'cooperation' },
        { name: 'public', type: 5, value: true },
      ],
      where,
    );
    const body = await callback(ask);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data?.content).toBe(STRINGS.cannotPost);
    expect(body.data?.embeds?.[0]?.title).toBe('cooperation');
    expect(body.data?.components?.flatMap((r) => r.components.map((c) => c.label))).not.toContain(STRINGS.button.share);
    expect(customIds(body.data).some((id) => id.startsWith('a1:post'))).toBe(false);

    // A "Post to channel" button from elsewhere (an old message) gets the same clear private reply.
    const answerId = /^a1:p:2:(.+)$/.exec(customIds(body.data).find((id) => id.startsWith('a1:p:2:')) ?? '')?.[1];
    const message = fake.originalMessage(ask) as Partial<APIMessage>;
    const post = await callback(fake.button(`a1:post:1:${answerId}`, { ...where, message }));
    expect(post).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral, content: STRINGS.cannotPost } });
  });

  it('sets allowed_mentions to { parse: [] } on every message it sent', () => {
    const messages = fake.requests.filter(
      (r: CapturedRequest) =>
        r.method !== 'GET' && r.path.includes('/interactions/') && [4, 7].includes((r.body as CallbackBody).type),
    );
    expect(messages.length).toBeGreaterThan(5);
    for (const r of messages) expect((r.body as CallbackBody).data?.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('gateway mode, slow answers and shards', () => {
  it('defers a slow answer, then edits @original within the deadline', async () => {
    const { service } = await realService();
    const slow: ServicePort = slowed(service, 150);
    await gateway?.stop();
    gateway = await start(slow, { deferAfterMs: 20 });
    const ask = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'What is APEC?' }]);
    const first = await callback(ask);
    expect(first).toEqual({ type: 5, data: { flags: 64 } });
    // The reply is tracked by the service, so that shutdown (service.settled) waits for the edit.
    expect(service.inFlight).toBeGreaterThan(0);
    await service.settled(5_000);
    expect(fake.requestsFor(ask).map((r) => r.method)).toContain('PATCH');
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(ask.token));
    expect(edit.status).toBe(200);
    expect((edit.body as MessageBody).embeds?.[0]?.title).toBe('What is APEC?');
    expect((edit.body as MessageBody).allowed_mentions).toEqual({ parse: [] });
    expect(fake.originalMessage(ask)?.embeds[0]?.title).toBe('What is APEC?');

    // A public question that is refused late: the public "thinking…" message is replaced by a private notice.
    const refused: ServicePort = overriding(service, {
      ask: async () => {
        await sleep(100);
        return { kind: 'refused', reason: 'rate_limited', message: 'Please try again in 9 s.' } as const;
      },
    });
    await gateway?.stop();
    gateway = await start(refused, { deferAfterMs: 20 });
    const publicAsk = fake.chatInput('ask', [
      { name: 'question', type: 3, value: 'What is APEC?' },
      { name: 'public', type: 5, value: true },
    ]);
    expect(await callback(publicAsk)).toEqual({ type: 5 });
    const followUp = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path.endsWith(`/webhooks/${fake.applicationId}/${publicAsk.token}`),
    );
    expect(followUp.body).toMatchObject({
      flags: 64,
      content: 'Please try again in 9 s.',
      allowed_mentions: { parse: [] },
    });
    expect(fake.requestsFor(publicAsk).map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(fake.followUpMessages(publicAsk)[0]?.flags).toBe(64);
  });

  it('runs shards: auto in one process, and maps a number of shards', async () => {
    await gateway?.stop();
    fake.identifies.length = 0;
    gateway = await start(undefined, { shards: 'auto' });
    expect(fake.identifies[0]?.shard).toEqual([0, 1]);
    expect(shardOptions(3)).toEqual({ shards: [0, 1, 2], shardCount: 3 });
    expect(shardOptions(undefined)).toEqual({});
  });

  it('never logs the bot token or an interaction token', () => {
    const text = logs.text();
    expect(text).toContain('discord: interaction');
    expect(text).not.toContain(FAKE_DISCORD_TOKEN);
    expect(text).not.toMatch(/fake-interaction-token/);
  });
});
