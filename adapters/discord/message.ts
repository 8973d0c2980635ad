import { MessageFlags, type APIButtonComponentWithCustomId, type APIEmbed, type ComponentType } from 'discord.js';

/** One action row of buttons. */
export interface ButtonRow {
  type: ComponentType.ActionRow;
  components: APIButtonComponentWithCustomId[];
}

/**
 * A message as Discord takes it in an interaction response, an edit or a
 * follow-up (a subset of `APIInteractionResponseCallbackData`). Mentions are
 * always off: the question is user input, and `@everyone` in it must ping no one.
 *
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-data-structure
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export interface DiscordMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
  flags?: number;
  allowed_mentions: { parse: [] };
}

/** The embed colour of every answer, passage and table of contents. */
export const EMBED_COLOR = 0x5865f2;

/** `allowed_mentions` that pings no one. */
export function noMentions(): { parse: [] } {
  return { parse: [] };
}

/** The ephemeral flag when only the user should see a message, else nothing. */
export function visibility(ephemeral: boolean): { flags?: number } {
  return ephemeral ? { flags: MessageFlags.Ephemeral } : {};
}

/** The message without its flags, for an edit (which keeps the message's own visibility). */
export function withoutFlags(message: DiscordMessage): DiscordMessage {
  const copy = { ...message };
  delete copy.flags;
  return copy;
}
