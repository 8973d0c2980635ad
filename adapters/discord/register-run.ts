import { DiscordAPIError } from 'discord.js';
import { ConfigError, parseConfig, type Config } from '../config.js';
import { registerCommands } from './commands.js';

/** Where the command writes: the process's standard streams, or a test's buffers. */
export interface Output {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const NEED_TOKEN = 'DISCORD_TOKEN: required to register commands (reset and copy it from the Developer Portal, Bot)';
const NEED_APP =
  'DISCORD_APPLICATION_ID: required to register commands (copy it from the Developer Portal, General Information)';

/** The configuration, or every problem with it, including the two variables registration needs. */
function configFor(env: Readonly<Record<string, string | undefined>>): Config & {
  DISCORD_TOKEN: string;
  DISCORD_APPLICATION_ID: string;
} {
  const problems: string[] = [];
  let config: Config | undefined;
  try {
    config = parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const has = (name: string): boolean => problems.some((p) => p.startsWith(`${name}:`));
  if ((env['DISCORD_TOKEN'] ?? '').trim() === '' && !has('DISCORD_TOKEN')) problems.push(NEED_TOKEN);
  if ((env['DISCORD_APPLICATION_ID'] ?? '').trim() === '' && !has('DISCORD_APPLICATION_ID')) problems.push(NEED_APP);
  if (config === undefined || config.DISCORD_TOKEN === undefined || config.DISCORD_APPLICATION_ID === undefined)
    throw new ConfigError(problems);
  return { ...config, DISCORD_TOKEN: config.DISCORD_TOKEN, DISCORD_APPLICATION_ID: config.DISCORD_APPLICATION_ID };
}

/**
 * `npm run discord:register`: bulk-overwrites the slash commands in
 * DISCORD_GUILD_ID when it is set (at once), otherwise globally, and prints
 * the invite URL. Every problem is one line saying what to fix; never a
 * stack trace, never the token. Returns the exit code.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#registering-a-command
 */
export async function runRegister(env: Readonly<Record<string, string | undefined>>, out: Output): Promise<number> {
  try {
    const config = configFor(env);
    const guildId = config.DISCORD_GUILD_ID;
    const result = await registerCommands({
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      ...(guildId === undefined ? {} : { guildId }),
    });
    const where =
      guildId === undefined
        ? 'globally: in servers, DMs and group DMs (may take up to an hour to appear)'
        : `in server ${guildId} only (available now; register without DISCORD_GUILD_ID for DMs and user installs)`;
    out.stdout.write(
      `Registered ${result.names.map((n) => `/${n}`).join(', ')} ${where}.\n` +
        `Invite the bot to a server:\n  ${result.inviteUrl}\n` +
        `Or install it to your own account (tick "User Install" under Installation first):\n  ${result.userInstallUrl}\n`,
    );
    return 0;
  } catch (error) {
    out.stderr.write(`${describe(error)}\n`);
    return 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof DiscordAPIError && error.status === 401)
    return 'Discord rejected DISCORD_TOKEN (401). Reset and copy the token from the Developer Portal, Bot.';
  if (error instanceof DiscordAPIError)
    return (
      `Discord refused the commands (${error.status}, code ${String(error.code)}): ${error.message}\n` +
      'Check DISCORD_APPLICATION_ID, and DISCORD_GUILD_ID if set (the bot must be in that server).'
    );
  const message = error instanceof Error ? error.message : String(error);
  return `Could not register the commands: ${message}. Check DISCORD_API_URL and the network.`;
}
