import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  REST,
  Routes,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_QUESTION_LENGTH } from '../../src/answer/question.js';
import { STRINGS } from '../../src/message/strings.js';

/**
 * Where every command may be used: installed to a server or to a user's
 * account, and run in servers, in the bot's DM and in other DMs and group
 * DMs. Discord applies both to global commands only; a server registration
 * (DISCORD_GUILD_ID) lives in that server.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#contexts
 */
export const EVERYWHERE = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
};

/**
 * The slash commands: `/ask question:<text> [public:<bool>]`, `/cite
 * address:<text>` and `/topics`, each usable {@link EVERYWHERE}. The
 * question's `max_length` is the core's limit; question and address
 * autocomplete from the core. No text names a document: the knowledge
 * folder is the operator's.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#application-command-object
 */
export const DISCORD_COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    ...EVERYWHERE,
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: STRINGS.command.ask,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: STRINGS.command.question,
        required: true,
        min_length: 1,
        max_length: MAX_QUESTION_LENGTH,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public',
        description: STRINGS.command.public,
        required: false,
      },
    ],
  },
  {
    ...EVERYWHERE,
    type: ApplicationCommandType.ChatInput,
    name: 'cite',
    description: STRINGS.command.cite,
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'address',
        description: STRINGS.command.address,
        required: true,
        max_length: 100,
        autocomplete: true,
      },
    ],
  },
  {
    ...EVERYWHERE,
    type: ApplicationCommandType.ChatInput,
    name: 'topics',
    description: STRINGS.command.topics,
  },
];

export interface RegisterOptions {
  /** Bot token. Never logged or printed. */
  readonly token: string;
  readonly applicationId: string;
  /** REST base, e.g. `https://discord.com/api`. */
  readonly apiUrl: string;
  /** Register in this server only (takes effect at once) instead of globally. */
  readonly guildId?: string;
}

export interface RegisterResult {
  readonly scope: 'guild' | 'global';
  readonly names: readonly string[];
  readonly inviteUrl: string;
  readonly userInstallUrl: string;
}

/**
 * The URL that adds the bot to a server: `bot` and `applications.commands`
 * scopes, no permissions (answering interactions needs none).
 *
 * @see https://discord.com/developers/docs/topics/oauth2#bot-authorization-flow
 */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: '0' });
  return `https://discord.com/oauth2/authorize?${query.toString().replace(/\+/g, '%20')}`;
}

/**
 * The URL that installs the app to a user's own account (integration type
 * 1), so its commands work in their DMs and group DMs, and in servers
 * without the bot. "User Install" must be ticked under Installation in the
 * Developer Portal.
 *
 * @see https://discord.com/developers/docs/resources/application#installation-context
 */
export function userInstallUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    integration_type: '1',
    scope: 'applications.commands',
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}

/**
 * Replaces every command of the application with {@link DISCORD_COMMANDS}
 * (a bulk overwrite): in one server when `guildId` is set, otherwise globally.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
 * @see https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-guild-application-commands
 */
export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const route =
    options.guildId === undefined
      ? Routes.applicationCommands(options.applicationId)
      : Routes.applicationGuildCommands(options.applicationId, options.guildId);
  const saved = (await rest.put(route, { body: DISCORD_COMMANDS })) as Array<{ name?: unknown }>;
  return {
    scope: options.guildId === undefined ? 'global' : 'guild',
    names: saved.map((c) => String(c.name)),
    inviteUrl: inviteUrl(options.applicationId),
    userInstallUrl: userInstallUrl(options.applicationId),
  };
}
