/**
 * `npm run discord:register`: bulk-overwrites the bot's slash commands, in
 * DISCORD_GUILD_ID when it is set (instant), otherwise globally, then prints
 * the invite URL. Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID,
 * DISCORD_API_URL and DISCORD_GUILD_ID. A configuration problem prints what
 * is wrong and how to fix it, and exits 1.
 *
 * @see https://discord.com/developers/docs/interactions/application-commands#registering-a-command
 */
import { DiscordAPIError } from 'discord.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { registerCommands } from './commands.js';

async function main(env: Readonly<Record<string, string | undefined>>): Promise<number> {
  try {
    const config = parseConfig(env);
    const problems: string[] = [];
    if (config.DISCORD_TOKEN === undefined)
      problems.push('DISCORD_TOKEN: required to register commands (reset and copy it from the Developer Portal, Bot)');
    if (config.DISCORD_APPLICATION_ID === undefined)
      problems.push(
        'DISCORD_APPLICATION_ID: required to register commands (copy it from the Developer Portal, General Information)',
      );
    if (config.DISCORD_TOKEN === undefined || config.DISCORD_APPLICATION_ID === undefined)
      throw new ConfigError(problems);
    const result = await registerCommands({
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      ...(config.DISCORD_GUILD_ID === undefined ? {} : { guildId: config.DISCORD_GUILD_ID }),
    });
    const where =
      result.scope === 'guild'
        ? `in server ${config.DISCORD_GUILD_ID ?? ''} (available now)`
        : 'globally (may take up to an hour to appear)';
    process.stdout.write(
      `Registered ${result.names.map((n) => `/${n}`).join(', ')} ${where}.\n` +
        `Invite the bot to a server:\n  ${result.inviteUrl}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof DiscordAPIError && error.status === 401)
      process.stderr.write(
        'Discord rejected DISCORD_TOKEN (401). Reset and copy the token from the Developer Portal, Bot.\n',
      );
    else if (error instanceof DiscordAPIError)
      process.stderr.write(
        `Discord refused the commands (${error.status}, code ${String(error.code)}): ${error.message}\n` +
          'Check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID (the bot must be in that server).\n',
      );
    else
      process.stderr.write(
        `Could not reach Discord at DISCORD_API_URL: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    return 1;
  }
}

process.exitCode = await main(process.env);
