import { discordPlatform } from './discord/platform.js';
import { slackPlatform } from './slack/platform.js';
import { telegramPlatform } from './telegram/platform.js';

/**
 * Every chat platform the bot can serve, and the only list of them: the
 * configuration, its table and `.env.example`, the log redaction, the Gate's
 * allow-lists and the start-up all read it. A new platform is a folder
 * `adapters/<name>/` with a `platform.ts` descriptor, plus one line here.
 * The terminal bot is not here: it is what runs when none is configured.
 */
export const PLATFORMS = [discordPlatform, slackPlatform, telegramPlatform] as const;
