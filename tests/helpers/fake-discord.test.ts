import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  type Interaction,
} from 'discord.js';
import { FAKE_DISCORD_DEFAULTS, FAKE_DISCORD_TOKEN, FakeDiscord, type CapturedRequest } from './fake-discord.js';

interface CallbackBody {
  type: number;
  data?: Record<string, unknown> & {
    content?: string;
    flags?: number;
    embeds?: Record<string, unknown>[];
    components?: { type: number; components: Record<string, unknown>[] }[];
    choices?: { name: string; value: string }[];
    allowed_mentions?: unknown;
  };
}

const callbackBody = (r: CapturedRequest): CallbackBody => r.body as CallbackBody;

let fake: FakeDiscord;
let client: Client;

/** Registers a one-shot handler for the next interaction, dispatches the payload, and waits for the handler. */
async function handleNext(payload: object, handler: (interaction: Interaction) => Promise<void>): Promise<void> {
  const handled = new Promise<void>((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(resolve, reject);
    });
  });
  fake.dispatchInteraction(payload);
  await handled;
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiBase },
    allowedMentions: { parse: [] },
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(FAKE_DISCORD_TOKEN);
  await Promise.all([fake.waitForReady(), ready]);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('FakeDiscord with the real discord.js Client', () => {
  it('serves gateway/bot, IDENTIFY and READY', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(fake.identifies[0]).toMatchObject({ token: FAKE_DISCORD_TOKEN, intents: GatewayIntentBits.Guilds });
    const gateway = fake.requests.find((r) => r.path === '/api/v10/gateway/bot');
    expect(gateway?.headers.authorization).toBe(`Bot ${FAKE_DISCORD_TOKEN}`);
  });

  it('captures a chat-input reply with an embed and a button row', async () => {
    const payload = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'Who signed the treaty?' }]);
    await handleNext(payload, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error(`unexpected ${interaction.type}`);
      expect(interaction.commandName).toBe('ask');
      expect(interaction.options.getString('question', true)).toBe('Who signed the treaty?');
      expect(interaction.guildId).toBe(FAKE_DISCORD_DEFAULTS.guildId);
      expect(interaction.channelId).toBe(FAKE_DISCORD_DEFAULTS.channelId);
      expect(interaction.user.id).toBe(FAKE_DISCORD_DEFAULTS.userId);
      await interaction.reply({
        embeds: [new EmbedBuilder().setTitle('Answer').setDescription('The treaty of Nerchinsk, 1689.')],
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('sources:1').setLabel('Sources').setStyle(ButtonStyle.Secondary),
          ),
        ],
      });
    });
    const callback = await fake.waitForCallback(payload.id);
    expect(callback.path).toBe(`/api/v10/interactions/${payload.id}/${payload.token}/callback`);
    expect(callback.status).toBe(204);
    const body = callbackBody(callback);
    expect(body.type).toBe(4);
    expect(body.data?.embeds?.[0]).toMatchObject({ title: 'Answer', description: 'The treaty of Nerchinsk, 1689.' });
    expect(body.data?.components?.[0]?.components[0]).toMatchObject({
      type: 2,
      custom_id: 'sources:1',
      label: 'Sources',
    });
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    expect(fake.originalMessage(payload)?.embeds[0]?.title).toBe('Answer');
  });

  it('supports deferReply + editReply + followUp + fetchReply', async () => {
    const payload = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'slow one' }]);
    await handleNext(payload, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const edited = await interaction.editReply({ content: 'Here is the answer.' });
      expect(edited.content).toBe('Here is the answer.');
      const followUp = await interaction.followUp({ content: 'One more thing.', flags: MessageFlags.Ephemeral });
      expect(followUp.id).toMatch(/^\d+$/);
      const fetched = await interaction.fetchReply();
      expect(fetched.content).toBe('Here is the answer.');
    });
    const [defer, edit, followUp, fetch] = fake.requestsFor(payload);
    expect(defer && callbackBody(defer)).toEqual({ type: 5, data: { flags: 64 } });
    expect(edit?.method).toBe('PATCH');
    expect(edit?.path).toBe(`/api/v10/webhooks/${fake.applicationId}/${payload.token}/messages/@original`);
    expect(edit?.body).toMatchObject({ content: 'Here is the answer.' });
    expect(followUp?.method).toBe('POST');
    expect(followUp?.path).toBe(`/api/v10/webhooks/${fake.applicationId}/${payload.token}`);
    expect(followUp?.body).toMatchObject({ content: 'One more thing.', flags: 64 });
    expect(fetch?.method).toBe('GET');
    const original = fake.originalMessage(payload);
    expect(original?.content).toBe('Here is the answer.');
    expect((original?.flags ?? 0) & 64).toBe(64);
    expect((original?.flags ?? 0) & 128).toBe(0); // no longer "thinking"
    expect(fake.followUpMessages(payload).map((m) => m.content)).toEqual(['One more thing.']);
  });

  it('answers autocomplete with respond()', async () => {
    const payload = fake.autocomplete('ask', [{ name: 'question', type: 3, value: 'trea', focused: true }]);
    await handleNext(payload, async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      expect(interaction.options.getFocused()).toBe('trea');
      await interaction.respond([{ name: 'Treaty of Nerchinsk', value: 'nerchinsk' }]);
    });
    const body = callbackBody(await fake.waitForCallback(payload.id));
    expect(body).toEqual({ type: 8, data: { choices: [{ name: 'Treaty of Nerchinsk', value: 'nerchinsk' }] } });
  });

  it('updates the message of a clicked button (type 7)', async () => {
    const payload = fake.button('sources:1', { message: { content: 'Earlier answer' } });
    await handleNext(payload, async (interaction) => {
      if (!interaction.isButton()) throw new Error('expected a button');
      expect(interaction.customId).toBe('sources:1');
      expect(interaction.message.id).toBe(payload.message.id);
      expect(interaction.message.content).toBe('Earlier answer');
      await interaction.update({ content: 'Sources: 1. Treaty text', components: [] });
    });
    const body = callbackBody(await fake.waitForCallback(payload.id));
    expect(body.type).toBe(7);
    expect(body.data).toMatchObject({ content: 'Sources: 1. Treaty text', components: [] });
    expect(fake.originalMessage(payload)).toMatchObject({ id: payload.message.id, content: 'Sources: 1. Treaty text' });
  });

  it('parses multipart bodies (payload_json + files)', async () => {
    const payload = fake.chatInput('export', [], { guildId: null });
    await handleNext(payload, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      expect(interaction.guildId).toBeNull();
      await interaction.reply({
        content: 'Attached.',
        files: [new AttachmentBuilder(Buffer.from('hello'), { name: 'answer.txt' })],
      });
    });
    const callback = await fake.waitForCallback(payload.id);
    expect(callback.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(callbackBody(callback)).toMatchObject({ type: 4, data: { content: 'Attached.' } });
    expect(callback.files).toEqual([
      { field: 'files[0]', name: 'answer.txt', contentType: expect.any(String), size: 5 },
    ]);
    expect(fake.originalMessage(payload)?.attachments[0]?.filename).toBe('answer.txt');
  });

  it('rejects payloads that break Discord limits with 400 / 50035, like Discord', async () => {
    const payload = fake.chatInput('ask', [{ name: 'question', type: 3, value: 'long' }]);
    let caught: unknown;
    await handleNext(payload, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      caught = await interaction.reply({ content: 'x'.repeat(2001) }).catch((error: unknown) => error);
    });
    expect(caught).toBeInstanceOf(DiscordAPIError);
    expect((caught as DiscordAPIError).code).toBe(50035);
    expect((caught as DiscordAPIError).message).toContain('data.content[BASE_TYPE_MAX_LENGTH]');
    const callback = await fake.waitForCallback(payload.id);
    expect(callback.status).toBe(400);
    expect(callback.errors).toEqual(['data.content: Must be 2000 or fewer in length.']);
  });

  it('rejects a second acknowledgement with 40060', async () => {
    const payload = fake.chatInput('ask', []);
    await handleNext(payload, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      await interaction.reply({ content: 'first' });
    });
    const second = await client.rest
      .post(Routes.interactionCallback(payload.id, payload.token), {
        body: { type: 4, data: { content: 'again' } },
        auth: false,
      })
      .catch((error: unknown) => error);
    expect((second as DiscordAPIError).code).toBe(40060);
    const unknown = await client.rest
      .post(Routes.interactionCallback('1', 'no-such-token'), { body: { type: 5 }, auth: false })
      .catch((error: unknown) => error);
    expect((unknown as DiscordAPIError).code).toBe(10062);
  });

  it('lets a test override the next matching response', async () => {
    const payload = fake.chatInput('ask', []);
    fake.override((r) => r.path.endsWith('/callback'), {
      status: 404,
      body: { code: 10062, message: 'Unknown interaction' },
    });
    let caught: unknown;
    await handleNext(payload, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
      caught = await interaction.reply({ content: 'too late' }).catch((error: unknown) => error);
    });
    expect((caught as DiscordAPIError).code).toBe(10062);
    expect((await fake.waitForCallback(payload.id)).status).toBe(404);
  });

  it('stores commands registered with a bulk overwrite and uses their ids in payloads', async () => {
    const commands = [
      {
        name: 'ask',
        description: 'Ask a question',
        options: [{ name: 'question', description: 'Q', type: 3, required: true }],
      },
    ];
    const guildSet = await client.application?.commands.set(commands, FAKE_DISCORD_DEFAULTS.guildId);
    const globalSet = await client.application?.commands.set(commands);
    expect(guildSet?.size).toBe(1);
    expect(globalSet?.first()?.name).toBe('ask');
    const put = await fake.waitForRequest(
      (r) =>
        r.method === 'PUT' &&
        r.path === `/api/v10/applications/${fake.applicationId}/guilds/${FAKE_DISCORD_DEFAULTS.guildId}/commands`,
    );
    expect(put.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ask' })]));
    expect(fake.chatInput('ask').data.id).toBe(guildSet?.first()?.id);
  });
});

describe('FakeDiscord gateway details', () => {
  it('rejects a wrong token, answers heartbeats, and closes cleanly', async () => {
    const strict = await FakeDiscord.start({ token: 'right.token.value', heartbeatIntervalMs: 50 });
    const wrong = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: strict.apiBase } });
    await expect(wrong.login('wrong.token.value')).rejects.toThrow(/invalid token/i);
    const right = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: strict.apiBase } });
    try {
      await right.login('right.token.value');
      await strict.waitForReady();
      // Heartbeats start after a random jitter in [0, interval); give a few intervals for an ACK to arrive.
      await expect.poll(() => right.ws.ping, { timeout: 1000, interval: 20 }).toBeGreaterThanOrEqual(0);
      expect(right.isReady()).toBe(true);
    } finally {
      await right.destroy();
      await wrong.destroy();
      await strict.close();
    }
  });
});
