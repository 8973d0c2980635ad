import { createHash, timingSafeEqual } from 'node:crypto';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { ServicePort } from '../../src/bot-service.js';
import { readBody, type BodyError } from '../server/read-body.js';
import { sendText } from '../server/send.js';
import type { RouteHandler } from '../server/http-server.js';
import { installHandlers, TELEGRAM_COMMANDS } from './handlers.js';

/** Where Telegram posts updates in webhook mode, on the shared HTTP server. */
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const UPDATES = ['message', 'callback_query', 'inline_query'] as const;

export interface TelegramOptions {
  readonly service: ServicePort;
  readonly token: string;
  /** The Bot API root, `https://api.telegram.org` unless a proxy or a test says otherwise. */
  readonly apiUrl: string;
  readonly logger: Logger;
  readonly mode: 'polling' | 'webhook';
  /** Webhook mode: the secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`. */
  readonly webhookSecret?: string;
  /** Webhook mode: the public URL to register with `setWebhook` at start; unset, the operator registers it. */
  readonly webhookUrl?: string;
  /** Long polling: how long one `getUpdates` waits, in seconds. Default 30. */
  readonly pollSeconds?: number;
}

/** A connected (or connectable) Telegram bot. */
export interface TelegramBot {
  readonly mode: 'polling' | 'webhook';
  /** Webhook mode: the handler for `POST /telegram/webhook`. */
  readonly httpHandler?: RouteHandler;
  isReady(): boolean;
  /** Checks the token (`getMe`), publishes the commands, then polls or registers the webhook. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A Telegram API failure at start, its message free of the token. */
export class TelegramStartError extends Error {
  readonly code = 'TELEGRAM_START';
}

/**
 * The Telegram platform on grammY: long polling (`bot.start()`) or a webhook
 * route. Outgoing calls time out and honour `retry_after` (a few times, for
 * at most 30 s). The token is in every API URL, so no error reaches a log
 * line without `scrub`.
 *
 * @see https://grammy.dev/guide/deployment-types
 * @see https://core.telegram.org/bots/api#setwebhook
 */
export function createTelegramBot(o: TelegramOptions): TelegramBot {
  const pollSeconds = o.pollSeconds ?? 30;
  const bot = new Bot(o.token, { client: { apiRoot: o.apiUrl.replace(/\/+$/, ''), timeoutSeconds: pollSeconds + 15 } });
  // 429 (after retry_after, up to 30 s) and 5xx are retried three times; a network failure is not
  // (auto-retry would retry it without end), and long polling retries getUpdates on its own.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));
  const scrub = (text: string): string => scrubToken(text, o.token);
  installHandlers(bot, o.service, o.logger, scrub);
  bot.catch((error) => o.logger.warn({ err: { message: scrub(error.message) } }, 'telegram update failed'));
  let ready = false;

  const prepare = async (): Promise<void> => {
    try {
      // One getMe, not bot.init(): grammY's init retries a network failure without end.
      if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      await bot.api.setMyCommands(
        TELEGRAM_COMMANDS.map((c) => ({
          command: c.command,
          description: c.usage.replace(/^\/\w+ ?/, '') || c.command,
        })),
      );
    } catch (error) {
      throw new TelegramStartError(
        `Telegram: ${scrub((error as Error).message)} (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL)`,
      );
    }
  };

  if (o.mode === 'webhook') {
    const secret = o.webhookSecret ?? '';
    return {
      mode: 'webhook',
      httpHandler: webhookHandler(secret, (update) => bot.handleUpdate(update), o.logger, scrub),
      isReady: () => ready,
      start: async () => {
        await prepare();
        if (o.webhookUrl !== undefined)
          await bot.api.setWebhook(o.webhookUrl, { secret_token: secret, allowed_updates: [...UPDATES] });
        ready = true;
      },
      stop: async () => {
        ready = false;
      },
    };
  }
  let polling: Promise<void> | undefined;
  return {
    mode: 'polling',
    isReady: () => ready && bot.isRunning(),
    start: async () => {
      await prepare();
      polling = bot
        .start({ timeout: pollSeconds, allowed_updates: [...UPDATES], onStart: () => void (ready = true) })
        .catch((error: unknown) => {
          ready = false;
          o.logger.error({ err: { message: scrub((error as Error).message) } }, 'telegram polling stopped');
        });
    },
    stop: async () => {
      ready = false;
      if (bot.isRunning()) await bot.stop().catch(() => undefined);
      await polling;
    },
  };
}

/**
 * `POST /telegram/webhook`: 401 unless `X-Telegram-Bot-Api-Secret-Token`
 * matches (compared in constant time), 400 for a body that is not JSON,
 * otherwise 200 at once while the update is handled.
 *
 * @see https://core.telegram.org/bots/api#setwebhook
 */
function webhookHandler(
  secret: string,
  handle: (update: Update) => Promise<void>,
  logger: Logger,
  scrub: (text: string) => string,
): RouteHandler {
  const expected = createHash('sha256').update(secret).digest();
  return (req, res) => {
    const header = req.headers['x-telegram-bot-api-secret-token'];
    const given = createHash('sha256')
      .update(typeof header === 'string' ? header : '')
      .digest();
    if (secret === '' || typeof header !== 'string' || !timingSafeEqual(given, expected)) {
      sendText(res, 401, 'wrong secret token\n');
      req.resume();
      return;
    }
    readBody(req, 1024 * 1024).then(
      (body) => {
        let update: Update;
        try {
          update = JSON.parse(body.toString('utf8')) as Update;
        } catch {
          sendText(res, 400, 'body is not JSON\n');
          return;
        }
        sendText(res, 200, 'ok\n');
        handle(update).catch((error: unknown) =>
          logger.warn({ err: { message: scrub((error as Error).message) } }, 'telegram update failed'),
        );
      },
      (error: BodyError) => sendText(res, error.status, `${error.message}\n`, { connection: 'close' }),
    );
  };
}

/**
 * Text with a bot token taken out: this one, and anything shaped like one.
 *
 * @example
 * scrubToken('request to /bot123:ABC/getMe failed', '123:ABC') // 'request to /bot[redacted]/getMe failed'
 */
export function scrubToken(text: string, token: string): string {
  const out = token === '' ? text : text.split(token).join('[redacted]');
  return out.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '[redacted]');
}
