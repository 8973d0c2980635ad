import { z } from 'zod';
import { list, httpUrl, optionalText } from '../../src/config-schemas.js';
import { required, type ConfigVariables } from '../../src/config.js';
import { definePlatform } from '../platform-descriptor.js';

/** Telegram's configuration variables. */
export const TELEGRAM_VARIABLES = {
  TELEGRAM_BOT_TOKEN: {
    schema: optionalText,
    description: 'Telegram bot token from BotFather: starts long polling (or the webhook, with TELEGRAM_MODE=webhook).',
    example: '',
    fix: 'send /newbot or /token to @BotFather',
    secret: true,
  },
  TELEGRAM_MODE: {
    schema: z.enum(['polling', 'webhook']).default('polling'),
    description: '`polling` (the bot fetches updates) or `webhook` (Telegram posts them to POST /telegram/webhook).',
    example: 'polling',
  },
  TELEGRAM_WEBHOOK_SECRET: {
    schema: optionalText,
    description: 'Webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (A-Z a-z 0-9 _ -).',
    example: '',
    fix: 'choose 1-256 characters of A-Z a-z 0-9 _ -',
    secret: true,
  },
  TELEGRAM_WEBHOOK_URL: {
    schema: optionalText.pipe(z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional()),
    description: 'Webhook mode: the public https URL of /telegram/webhook, set with setWebhook at start.',
    example: '',
  },
  TELEGRAM_API_URL: {
    schema: httpUrl('https://api.telegram.org'),
    description: 'Telegram Bot API base (default https://api.telegram.org), for proxies and tests.',
    example: '',
  },
  TELEGRAM_CHAT_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated Telegram chat ids the bot answers in (groups are negative); empty means all.',
    example: '',
  },
} as const satisfies ConfigVariables;

/**
 * Telegram: long polling, or a webhook at `POST /telegram/webhook`
 * (TELEGRAM_MODE=webhook), on grammY.
 *
 * @see https://core.telegram.org/bots/api#getting-updates
 */
export const telegramPlatform = definePlatform({
  name: 'telegram',
  variables: TELEGRAM_VARIABLES,
  setup: 'TELEGRAM_BOT_TOKEN (Telegram)',
  logFields: [
    'webhookSecret',
    '*.webhookSecret',
    'secret_token',
    '*.secret_token',
    '*["x-telegram-bot-api-secret-token"]',
    '*.*["x-telegram-bot-api-secret-token"]',
  ],
  check(c) {
    const problems: string[] = [];
    const webhook = c.TELEGRAM_MODE === 'webhook';
    if (webhook && c.TELEGRAM_BOT_TOKEN === undefined)
      problems.push(required(TELEGRAM_VARIABLES, 'TELEGRAM_BOT_TOKEN', 'when TELEGRAM_MODE=webhook'));
    if (webhook && c.TELEGRAM_WEBHOOK_SECRET === undefined)
      problems.push(required(TELEGRAM_VARIABLES, 'TELEGRAM_WEBHOOK_SECRET', 'when TELEGRAM_MODE=webhook'));
    if (c.TELEGRAM_WEBHOOK_SECRET !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(c.TELEGRAM_WEBHOOK_SECRET))
      problems.push(
        `TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters of A-Z a-z 0-9 _ - (${TELEGRAM_VARIABLES.TELEGRAM_WEBHOOK_SECRET.fix})`,
      );
    if (c.TELEGRAM_BOT_TOKEN !== undefined && !/^\d+:[A-Za-z0-9_-]+$/.test(c.TELEGRAM_BOT_TOKEN))
      problems.push(
        `TELEGRAM_BOT_TOKEN: must look like 123456:ABC-DEF… (${TELEGRAM_VARIABLES.TELEGRAM_BOT_TOKEN.fix})`,
      );
    return problems;
  },
  mode: (c) => (c.TELEGRAM_BOT_TOKEN === undefined ? undefined : c.TELEGRAM_MODE),
  allow: (c) => ({ channels: c.TELEGRAM_CHAT_ALLOWLIST }),
  async create({ config, service, logger }) {
    const { createTelegramBot, TELEGRAM_WEBHOOK_PATH } = await import('./bot.js');
    const telegram = createTelegramBot({
      service,
      token: config.TELEGRAM_BOT_TOKEN ?? '',
      apiUrl: config.TELEGRAM_API_URL,
      logger: logger.child({ platform: 'telegram' }),
      mode: config.TELEGRAM_MODE,
      ...(config.TELEGRAM_WEBHOOK_SECRET === undefined ? {} : { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET }),
      ...(config.TELEGRAM_WEBHOOK_URL === undefined ? {} : { webhookUrl: config.TELEGRAM_WEBHOOK_URL }),
    });
    return {
      name: `telegram-${telegram.mode}`,
      ...(telegram.httpHandler === undefined
        ? {}
        : { routes: { [`POST ${TELEGRAM_WEBHOOK_PATH}`]: telegram.httpHandler } }),
      start: () => telegram.start(),
      stop: () => telegram.stop(),
      isReady: () => telegram.isReady(),
    };
  },
});
