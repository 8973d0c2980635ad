import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeInteraction, type InteractionResponse } from '../../../adapters/discord/interaction.js';
import {
  createInteractionHandler,
  deferralFor,
  type InteractionHandlerOptions,
} from '../../../adapters/discord/interactions.js';
import { STRINGS } from '../../../src/message/strings.js';
import type { ServicePort } from '../../../src/bot-service.js';
import { FAKE_DISCORD_DEFAULTS, FakeDiscord, type FakeCommandOption } from '../../helpers/fake-discord.js';
import { customIds, memoryLogger, overriding, realService, type CallbackBody, type MessageBody } from './support.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake.close();
});

type Extra = Parameters<FakeDiscord['chatInput']>[2];

/** Runs one raw payload through a handler over a real service. */
async function run(
  payload: object,
  options: Partial<InteractionHandlerOptions> & { gate?: Parameters<typeof realService>[0] } = {},
): Promise<CallbackBody> {
  const { service } = await realService(options.gate);
  const handler = createInteractionHandler({ service, logger: memoryLogger().logger, ...options });
  const interaction = normalizeInteraction(payload);
  if (interaction === undefined) throw new Error('not an interaction');
  return (await handler(interaction)).response as unknown as CallbackBody;
}

const ask = (question: string, extra: Extra = {}, more: FakeCommandOption[] = []): object =>
  fake.chatInput('ask', [{ name: 'question', type: 3, value: question }, ...more], extra);

describe('normalizeInteraction', () => {
  it('reads commands, buttons, DMs and autocomplete; rejects what is not an interaction', () => {
    expect(normalizeInteraction(ask('Why?'))).toMatchObject({
      kind: 'command',
      name: 'ask',
      options: { question: 'Why?' },
      userId: FAKE_DISCORD_DEFAULTS.userId,
      guildId: FAKE_DISCORD_DEFAULTS.guildId,
      channelId: FAKE_DISCORD_DEFAULTS.channelId,
    });
    const dm = normalizeInteraction(fake.chatInput('topics', [], { guildId: null, userId: '42' }));
    expect(dm).toMatchObject({ kind: 'command', userId: '42' });
    expect(dm?.guildId).toBeUndefined();
    const button = fake.button('a1:p:2:abc', { message: { embeds: [{ title: 'Q?' }], flags: 64 } });
    expect(normalizeInteraction(button)).toMatchObject({
      kind: 'component',
      name: 'a1:p:2:abc',
      message: { title: 'Q?', ephemeral: true },
    });
    const auto = fake.autocomplete('cite', [{ name: 'address', type: 3, value: '1.', focused: true }]);
    expect(normalizeInteraction(auto)).toMatchObject({
      kind: 'autocomplete',
      focused: 'address',
      options: { address: '1.' },
    });
    expect(normalizeInteraction({ id: '1', token: 't', type: 1 })?.kind).toBe('ping');
    for (const bad of [null, 'x', [], {}, { id: '1', type: 2 }, { id: '1', token: 't', type: 2 }])
      expect(normalizeInteraction(bad)).toBeUndefined();
  });
});

describe('the interaction handler', () => {
  it('answers /ask privately by default, publicly with public:true', async () => {
    const privately = await run(ask('What is APEC?'));
    expect(privately).toMatchObject({ type: 4, data: { flags: 64, embeds: [{ title: 'What is APEC?' }] } });
    const publicly = await run(ask('What is APEC?', {}, [{ name: 'public', type: 5, value: true }]));
    expect(publicly.type).toBe(4);
    expect(publicly.data?.flags).toBeUndefined();
    expect(customIds(publicly.data).some((id) => id.startsWith('a1:post'))).toBe(false);
  });

  it('pings no one, whatever mentions the question holds', async () => {
    const question = '@everyone @here <@&810000000000000009> <@830000000000000002> what is APEC?';
    for (const q of [question, '@everyone bananas and giraffes <@&1>', '@everyone']) {
      const body = await run(ask(q, {}, [{ name: 'public', type: 5, value: true }]));
      expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    }
    const answered = await run(ask('@everyone @here what is APEC?', {}, [{ name: 'public', type: 5, value: true }]));
    expect(answered.data?.embeds?.[0]?.title).toBe('@everyone @here what is APEC?');
    expect(answered.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('tells a user who asks too fast when to try again, privately, even for public:true', async () => {
    const { service } = await realService({ questions: 2, windowSeconds: 60 });
    const handler = createInteractionHandler({ service, logger: memoryLogger().logger });
    const send = async (): Promise<InteractionResponse> =>
      (await handler(normalizeInteraction(ask('What is APEC?', {}, [{ name: 'public', type: 5, value: true }]))!))
        .response;
    await send();
    await send();
    const third = (await send()) as unknown as CallbackBody;
    expect(third).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(third.data?.content).toMatch(/^You're asking faster than I can keep up with\. Please try again in \d+ s\.$/);
    expect(third.data?.embeds).toBeUndefined();
    // Paging an answer already given is not rate limited.
    const page = await handler(
      normalizeInteraction(fake.button('a1:p:2:abc', { message: { embeds: [{ title: 'cooperation' }], flags: 64 } }))!,
    );
    expect(page.response.type).toBe(7);
  });

  it('counts /cite, /topics and buttons against the rate limit, but not autocomplete', async () => {
    const { service } = await realService({ questions: 2, windowSeconds: 60 });
    const handler = createInteractionHandler({ service, logger: memoryLogger().logger });
    const body = async (payload: object): Promise<CallbackBody> =>
      (await handler(normalizeInteraction(payload)!)).response as unknown as CallbackBody;
    for (let n = 0; n < 5; n++) {
      const typed = await body(fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'asia', focused: true }]));
      expect(typed.data?.choices?.length).toBeGreaterThan(0);
    }
    expect((await body(fake.chatInput('topics'))).data?.embeds?.[0]?.title).toBe(STRINGS.topicsTitle);
    expect((await body(fake.button('a1:up:abcdefgh'))).data?.content).toBe(STRINGS.thanksUp);
    const third = await body(fake.chatInput('cite', [{ name: 'address', type: 3, value: '§1.1' }]));
    expect(third.data?.content).toMatch(/^You're asking faster than I can keep up with\. Please try again in \d+ s\.$/);
  });

  it('declines politely outside the server and channel allow-lists', async () => {
    const servers = { gate: { spaces: { discord: ['999'] } } };
    const declined = await run(ask('What is APEC?'), servers);
    expect(declined).toMatchObject({ type: 4, data: { flags: 64, content: STRINGS.notInServer } });
    expect((await run(fake.chatInput('topics'), servers)).data?.content).toBe(STRINGS.notInServer);
    expect(
      (await run(fake.chatInput('cite', [{ name: 'address', type: 3, value: '1.1' }]), servers)).data?.content,
    ).toBe(STRINGS.notInServer);
    expect((await run(fake.button('a1:up:abc'), servers)).data?.content).toBe(STRINGS.notInServer);
    const auto = await run(
      fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'ap', focused: true }]),
      servers,
    );
    expect(auto).toEqual({ type: 8, data: { choices: [] } });
    expect((await run(ask('What is APEC?', { guildId: null }), servers)).data?.content).toBe(STRINGS.notInServer);

    const channels = { gate: { channels: { discord: ['777'] } } };
    expect((await run(ask('What is APEC?'), channels)).data?.content).toMatch(/not set up to answer in this channel/);
    expect((await run(ask('What is APEC?', { channelId: '777' }), channels)).data?.embeds?.[0]?.title).toBe(
      'What is APEC?',
    );
  });

  it('pages in place on a private answer, and privately on a public one', async () => {
    const message = { embeds: [{ title: 'cooperation' }], flags: 64 };
    const inPlace = await run(fake.button('a1:p:2:abcdefgh', { message }));
    expect(inPlace.type).toBe(7);
    expect(inPlace.data?.flags).toBeUndefined();
    expect(inPlace.data?.embeds?.[0]?.footer?.text).toMatch(/^page 2 of 3 · knowledge /);
    expect(customIds(inPlace.data)).toContain('a1:p:3:abcdefgh');
    const fromPublic = await run(fake.button('a1:p:3:abcdefgh', { message: { embeds: message.embeds } }));
    expect(fromPublic).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(fromPublic.data?.embeds?.[0]?.footer?.text).toMatch(/^page 3 of 3 · knowledge /);
  });

  it('posts to the channel, shows full passages, and records feedback', async () => {
    const message = { embeds: [{ title: 'What is APEC?' }], flags: 64 };
    const { service, log } = await realService();
    const handler = createInteractionHandler({ service, logger: memoryLogger().logger });
    // One click, one public message: the private answer loses its "Post" button, the copy is a follow-up.
    const post = await handler(normalizeInteraction(fake.button('a1:post:1:abcdefgh', { message }))!);
    // The button goes only once the copy is posted: an edit after the follow-up, not the first response.
    expect((post.response as unknown as CallbackBody).type).toBe(6);
    const mine = post.thenEdit as MessageBody;
    expect(customIds(mine).some((id) => id.startsWith('a1:post'))).toBe(false);
    expect(post.followUps).toHaveLength(1);
    const copy = post.followUps?.[0] as MessageBody;
    expect(copy.flags).toBeUndefined();
    expect(copy.embeds?.[0]?.title).toBe('What is APEC?');
    expect(customIds(copy)).toContain('a1:up:abcdefgh:russia-china-relations §1.6');
    expect(customIds(copy).some((id) => id.startsWith('a1:post'))).toBe(false);

    const full = await run(fake.button('a1:full:russia-china-relations §2.1'));
    expect(full).toMatchObject({ type: 4, data: { flags: 64, embeds: [{ title: 'russia-china-relations §2.1' }] } });
    const fullAt = await run(fake.button('a1:fi:1:0', { message }));
    expect(fullAt.data?.embeds?.[0]?.title).toBe('russia-china-relations §1.6');

    const thanks = (await handler(normalizeInteraction(fake.button('a1:down:abcdefgh:russia-china-relations §1.6'))!))
      .response;
    expect(thanks).toMatchObject({ type: 4, data: { flags: 64, content: STRINGS.thanksDown } });
    expect(log.votes).toMatchObject([
      { answerId: 'abcdefgh', vote: 'down', address: 'russia-china-relations §1.6', platform: 'discord' },
    ]);
    expect(log.votes[0]?.userId).not.toBe(FAKE_DISCORD_DEFAULTS.userId);
  });

  it('answers an unknown or stale button with a short private message', async () => {
    for (const id of ['sources:1', 'a1:p:0:abc', 'a2:p:1:abc', 'a1:fi:1:9'])
      expect(await run(fake.button(id, { message: { embeds: [{ title: 'What is APEC?' }] } }))).toMatchObject({
        type: 4,
        data: { flags: 64, content: STRINGS.staleButton },
      });
    expect((await run(fake.button('a1:p:2:abc', { message: { embeds: [] } }))).data?.content).toBe(STRINGS.staleButton);
  });

  it('autocompletes questions and addresses from the core', async () => {
    const q = await run(fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'asia', focused: true }]));
    expect(q.type).toBe(8);
    expect(q.data?.choices?.map((c) => c.value)).toContain('Asia Pacific Economic Cooperation (APEC)');
    const a = await run(fake.autocomplete('cite', [{ name: 'address', type: 3, value: '§2.', focused: true }]));
    expect(a.data?.choices?.[0]).toMatchObject({ value: 'russia-china-relations §2.1' });
    expect(a.data?.choices?.length).toBeLessThanOrEqual(25);
  });

  it('keeps failures to a short private message, and the details (without the token) in the logs', async () => {
    const { service } = await realService();
    const broken: ServicePort = overriding(service, {
      ask: () => {
        throw new Error('index exploded');
      },
      complete: () => {
        throw new Error('autocomplete exploded');
      },
    });
    const { logger, text } = memoryLogger();
    const handler = createInteractionHandler({ service: broken, logger });
    const payload = ask('What is APEC?');
    expect((await handler(normalizeInteraction(payload)!)).response).toMatchObject({
      type: 4,
      data: { flags: 64, content: STRINGS.failed },
    });
    const auto = fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'a', focused: true }]);
    expect((await handler(normalizeInteraction(auto)!)).response).toEqual({ type: 8, data: { choices: [] } });
    expect(text()).toContain('index exploded');
    expect(text()).not.toContain((payload as { token: string }).token);
  });
});

describe('deferralFor', () => {
  it('defers like the response it stands for', () => {
    const d = (payload: object): unknown => deferralFor(normalizeInteraction(payload)!);
    expect(d(ask('q'))).toEqual({ type: 5, data: { flags: 64 } });
    expect(d(ask('q', {}, [{ name: 'public', type: 5, value: true }]))).toEqual({ type: 5 });
    expect(d(fake.chatInput('topics'))).toEqual({ type: 5, data: { flags: 64 } });
    expect(d(fake.button('a1:p:2:abc', { message: { flags: 64 } }))).toEqual({ type: 6 });
    expect(d(fake.button('a1:p:2:abc', { message: {} }))).toEqual({ type: 5, data: { flags: 64 } });
    expect(d(fake.button('a1:post:1:abc', { message: { flags: 64 } }))).toEqual({ type: 6 });
    expect(d(fake.button('a1:post:1:abc'))).toEqual({ type: 5 });
    expect(d(fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'a', focused: true }]))).toBeUndefined();
  });
});
