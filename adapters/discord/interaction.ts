import {
  InteractionResponseType,
  InteractionType,
  type APIApplicationCommandOptionChoice,
  MessageFlags,
} from 'discord.js';
import { withoutFlags, type DiscordMessage } from './message.js';

/**
 * An interaction reduced to what the bot uses, the same whether it came over
 * the gateway or to the HTTP endpoint. Nothing else of the payload reaches
 * the handler.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
export interface DiscordInteraction {
  readonly id: string;
  /** The interaction token: a credential for 15 minutes. Never log it. */
  readonly token: string;
  readonly kind: 'ping' | 'command' | 'autocomplete' | 'component' | 'other';
  /** The command name, or the custom_id of the clicked component. */
  readonly name: string;
  /** Top-level command options by name. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** The option being typed, for autocomplete. */
  readonly focused?: string;
  readonly userId: string;
  readonly guildId?: string;
  readonly channelId?: string;
  /**
   * Whether a reply may be public. False for an app installed to the user
   * only, used in a server without the bot: it has no channel to post in.
   */
  readonly canPostPublicly: boolean;
  /** For a component: the message that carries it (its first embed's title, and whether it is ephemeral). */
  readonly message?: { readonly title?: string; readonly ephemeral: boolean };
}

/**
 * What the bot answers an interaction with: the HTTP response body in HTTP
 * mode, the body of `POST /interactions/{id}/{token}/callback` over the gateway.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object
 */
export type InteractionResponse =
  | { readonly type: InteractionResponseType.Pong }
  | {
      readonly type: InteractionResponseType.ChannelMessageWithSource | InteractionResponseType.UpdateMessage;
      readonly data: DiscordMessage;
    }
  | { readonly type: InteractionResponseType.DeferredChannelMessageWithSource; readonly data?: { flags: number } }
  | { readonly type: InteractionResponseType.DeferredMessageUpdate }
  | {
      readonly type: InteractionResponseType.ApplicationCommandAutocompleteResult;
      readonly data: { choices: APIApplicationCommandOptionChoice<string>[] };
    };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const KINDS: Partial<Record<number, DiscordInteraction['kind']>> = {
  [InteractionType.Ping]: 'ping',
  [InteractionType.ApplicationCommand]: 'command',
  [InteractionType.MessageComponent]: 'component',
  [InteractionType.ApplicationCommandAutocomplete]: 'autocomplete',
};

/**
 * Reads a raw interaction payload (gateway `INTERACTION_CREATE` data or an
 * HTTP request body) defensively; `undefined` when it is not one.
 *
 * @example
 * normalizeInteraction({ id: '1', token: 't', type: 1 }) // { id: '1', token: 't', kind: 'ping', … }
 */
export function normalizeInteraction(raw: unknown): DiscordInteraction | undefined {
  if (!isRecord(raw)) return undefined;
  const id = str(raw['id']);
  const token = str(raw['token']);
  if (id === undefined || token === undefined || typeof raw['type'] !== 'number') return undefined;
  const kind = KINDS[raw['type']] ?? 'other';
  const member = isRecord(raw['member']) ? raw['member'] : {};
  const user = isRecord(member['user']) ? member['user'] : isRecord(raw['user']) ? raw['user'] : {};
  const userId = str(user['id']);
  if (userId === undefined && kind !== 'ping') return undefined;
  const data = isRecord(raw['data']) ? raw['data'] : {};
  const options: Record<string, string | number | boolean> = {};
  let focused: string | undefined;
  for (const option of Array.isArray(data['options']) ? (data['options'] as unknown[]) : []) {
    if (!isRecord(option) || typeof option['name'] !== 'string') continue;
    const value = option['value'];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      options[option['name']] = value;
      if (option['focused'] === true) focused = option['name'];
    }
  }
  const channel = isRecord(raw['channel']) ? raw['channel'] : {};
  const guildId = str(raw['guild_id']);
  const channelId = str(raw['channel_id']) ?? str(channel['id']);
  // Installed to this server (key "0"), or used outside servers: replies may be public.
  const owners = isRecord(raw['authorizing_integration_owners']) ? raw['authorizing_integration_owners'] : undefined;
  const canPostPublicly = guildId === undefined || owners === undefined || '0' in owners;
  const name = (kind === 'component' ? str(data['custom_id']) : str(data['name'])) ?? '';
  let message: DiscordInteraction['message'];
  if (isRecord(raw['message'])) {
    const m = raw['message'];
    const embed = Array.isArray(m['embeds']) && isRecord(m['embeds'][0]) ? m['embeds'][0] : {};
    const title = str(embed['title']);
    const ephemeral = typeof m['flags'] === 'number' && (m['flags'] & MessageFlags.Ephemeral) !== 0;
    message = title === undefined ? { ephemeral } : { title, ephemeral };
  }
  return {
    id,
    token,
    kind,
    name,
    options,
    userId: userId ?? '',
    canPostPublicly,
    ...(focused === undefined ? {} : { focused }),
    ...(guildId === undefined ? {} : { guildId }),
    ...(channelId === undefined ? {} : { channelId }),
    ...(message === undefined ? {} : { message }),
  };
}

/** A message response: a new message (`reply`) or an edit of the message whose button was clicked (`update`). */
export function messageResponse(data: DiscordMessage, how: 'reply' | 'update' = 'reply'): InteractionResponse {
  if (how === 'reply') return { type: InteractionResponseType.ChannelMessageWithSource, data };
  return { type: InteractionResponseType.UpdateMessage, data: withoutFlags(data) };
}
