import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  REST,
  Routes,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_QUESTION_LENGTH } from '../../src/answer/question.js';

/**
 * The slash commands: `/ask question:<text> [public:<bool>]`, `/cite
 * address:<text>` and `/topics`. The question's `max_length` is the core's
 * limit; question and address autocomplete from the core.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#application-command-object
 */
export const DISCORD_COMMANDS: RESTPutAPIApplicationCommandsJSONBody = [
  {
    type: ApplicationCommandType.ChatInput,
    name: 'ask',
    description: 'Ask a question; the answer quotes the documents that support it.',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'Your question, in plain words.',
        required: true,
        min_length: 1,
        max_length: MAX_QUESTION_LENGTH,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public',
        description: 'Post the answer to the channel at once (default: only you see it).',
        required: false,
      },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'cite',
    description: 'Show one passage by its address, e.g. russia-china-relations §1.6.',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'address',
        description: 'The passage address; start typing to search.',
        required: true,
        max_length: 100,
        autocomplete: true,
      },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: 'topics',
    description: 'List the documents and sections the bot answers from, with their addresses.',
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
  };
}
