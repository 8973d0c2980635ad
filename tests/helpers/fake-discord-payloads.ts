/** Interaction payloads as Discord sends them (gateway `INTERACTION_CREATE` data, or an HTTP request body). */
import type {
  APIApplicationCommandAutocompleteInteraction,
  APIChatInputApplicationCommandInteraction,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIUser,
} from 'discord.js';

export const FAKE_DISCORD_DEFAULTS = {
  applicationId: '800000000000000001',
  botUserId: '800000000000000001',
  botUsername: 'fake-bot',
  guildId: '810000000000000001',
  channelId: '820000000000000001',
  userId: '830000000000000001',
  username: 'fake-user',
} as const;

/** The bot user, as READY and the messages the bot sends carry it. */
export const FAKE_BOT_USER: APIUser = {
  id: FAKE_DISCORD_DEFAULTS.botUserId,
  username: FAKE_DISCORD_DEFAULTS.botUsername,
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
};

/** One option of a command payload. */
export interface FakeCommandOption {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
}

/** Where an interaction comes from, and who sends it. */
export interface FakeInteractionExtras {
  /** `null` makes a DM interaction (a user instead of a member, no guild). */
  guildId?: string | null;
  channelId?: string;
  userId?: string;
  /**
   * `user`: the app is installed to the user's account only (integration
   * type 1). In a server that means the bot is not a member there; with
   * `guildId: null` it makes a DM or group DM between people.
   */
  install?: 'guild' | 'user';
}

export interface FakeButtonExtras extends FakeInteractionExtras {
  /** Fields merged over the default message that carries the button. */
  message?: Partial<APIMessage>;
}

let sequence = 0n;
/** A fresh snowflake, unique within the process and time-ordered. */
export function fakeSnowflake(): string {
  sequence = (sequence + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) | (1n << 17n) | sequence).toString();
}

/** A message sent by the bot, as Discord stores it. */
export function fakeMessage(channelId: string, body: Record<string, unknown>, type = 0): APIMessage {
  return {
    id: fakeSnowflake(),
    type,
    channel_id: channelId,
    author: FAKE_BOT_USER,
    content: typeof body['content'] === 'string' ? body['content'] : '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(body['embeds']) ? (body['embeds'] as never) : [],
    components: Array.isArray(body['components']) ? (body['components'] as never) : [],
    pinned: false,
    flags: typeof body['flags'] === 'number' ? body['flags'] : 0,
    application_id: FAKE_DISCORD_DEFAULTS.applicationId,
    webhook_id: FAKE_DISCORD_DEFAULTS.applicationId,
  };
}

/** What every interaction carries: ids, token, and where and by whom it was made. */
function base(applicationId: string, extra: FakeInteractionExtras): Record<string, unknown> & { channel_id: string } {
  const guildId = extra.guildId === undefined ? FAKE_DISCORD_DEFAULTS.guildId : extra.guildId;
  const channelId = extra.channelId ?? FAKE_DISCORD_DEFAULTS.channelId;
  const user: APIUser = {
    id: extra.userId ?? FAKE_DISCORD_DEFAULTS.userId,
    username: FAKE_DISCORD_DEFAULTS.username,
    discriminator: '0',
    global_name: null,
    avatar: null,
  };
  const id = fakeSnowflake();
  const userInstall = extra.install === 'user';
  const common = {
    id,
    application_id: applicationId,
    token: `fake-interaction-token-${id}`,
    version: 1,
    locale: 'en-US',
    app_permissions: '2251799813685247',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
    channel_id: channelId,
  };
  if (guildId === null)
    return {
      ...common,
      channel: { id: channelId, type: userInstall ? 3 : 1, flags: 0, recipients: [user] },
      user,
      authorizing_integration_owners: userInstall ? { '1': user.id } : { '0': '0' },
      context: userInstall ? 2 : 1,
    };
  const member: APIInteractionGuildMember = {
    user,
    roles: [],
    joined_at: '2024-01-01T00:00:00.000000+00:00',
    deaf: false,
    mute: false,
    flags: 0 as APIInteractionGuildMember['flags'],
    permissions: '2248473465835073',
  };
  return {
    ...common,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'general', flags: 0 },
    member,
    authorizing_integration_owners: userInstall ? { '1': user.id } : { '0': guildId },
    context: 0,
  };
}

/** A chat-input command (type 2). */
export function chatInputPayload(
  applicationId: string,
  commandId: string,
  name: string,
  options: FakeCommandOption[],
  extra: FakeInteractionExtras,
): APIChatInputApplicationCommandInteraction {
  const data = { id: commandId, name, type: 1, ...(options.length > 0 ? { options } : {}) };
  return { ...base(applicationId, extra), type: 2, data } as unknown as APIChatInputApplicationCommandInteraction;
}

/** An autocomplete request (type 4); the focused option has `focused: true`. */
export function autocompletePayload(
  applicationId: string,
  commandId: string,
  name: string,
  options: FakeCommandOption[],
  extra: FakeInteractionExtras,
): APIApplicationCommandAutocompleteInteraction {
  const data = { id: commandId, name, type: 1, options };
  return { ...base(applicationId, extra), type: 4, data } as unknown as APIApplicationCommandAutocompleteInteraction;
}

/** A button click (type 3), with the message that carries the button. */
export function buttonPayload(
  applicationId: string,
  customId: string,
  extra: FakeButtonExtras,
): APIMessageComponentButtonInteraction {
  const b = base(applicationId, extra);
  const message: APIMessage = {
    ...fakeMessage(b.channel_id, { content: 'Earlier answer' }),
    components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Button', custom_id: customId }] }],
    ...extra.message,
  };
  const data = { custom_id: customId, component_type: 2 };
  return { ...b, type: 3, message, data } as unknown as APIMessageComponentButtonInteraction;
}
