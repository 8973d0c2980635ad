import type { Logger } from 'pino';
import type { BotService } from '../src/bot-service.js';
import type { BotMetrics } from '../src/metrics.js';
import { platformsOf, type Config } from '../src/config.js';
import type { Dedupe } from '../src/store/dedupe.js';
import type { RouteHandler } from './server/http-server.js';

/** A running chat platform connection. */
export interface Platform {
  readonly name: string;
  isReady(): boolean;
  stop(): Promise<void>;
}

/** The configured platforms, their HTTP routes, and how to connect them. */
export interface StartedPlatforms {
  readonly platforms: Platform[];
  readonly routes: Record<string, RouteHandler>;
  /** Connects what connects out (gateway, Socket Mode) and checks credentials. */
  start(): Promise<void>;
}

/**
 * Creates every configured platform adapter. HTTP-mode adapters contribute
 * routes to the shared server; connection-mode ones connect in `start`.
 */
export async function startPlatforms(options: {
  config: Config;
  service: BotService;
  logger: Logger;
  /** Event and interaction ids already handled (chosen in adapters/stores.ts). */
  dedupe?: Dedupe;
  /** Deliveries that failed and deferrals, by platform. */
  metrics?: BotMetrics;
}): Promise<StartedPlatforms> {
  const { config, service, logger } = options;
  const dedupe = options.dedupe === undefined ? {} : { dedupe: options.dedupe };
  const metrics = options.metrics === undefined ? {} : { metrics: options.metrics };
  const which = platformsOf(config);
  const platforms: Platform[] = [];
  const routes: Record<string, RouteHandler> = {};
  const starters: Array<() => Promise<void>> = [];

  const discordLogger = logger.child({ platform: 'discord' });
  if (
    which.discord === 'http' &&
    config.DISCORD_PUBLIC_KEY !== undefined &&
    config.DISCORD_APPLICATION_ID !== undefined
  ) {
    // Platform libraries load only when configured: discord.js and Bolt take most of a second to import.
    const { createDiscordHttpHandler } = await import('./discord/http.js');
    routes['POST /discord/interactions'] = createDiscordHttpHandler({
      service,
      publicKey: config.DISCORD_PUBLIC_KEY,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      logger: discordLogger,
      ...dedupe,
      ...metrics,
    });
    platforms.push({ name: 'discord-http', isReady: () => true, stop: async () => {} });
  } else if (
    which.discord === 'gateway' &&
    config.DISCORD_TOKEN !== undefined &&
    config.DISCORD_APPLICATION_ID !== undefined
  ) {
    const { startDiscordGateway } = await import('./discord/gateway.js');
    const token = config.DISCORD_TOKEN;
    const applicationId = config.DISCORD_APPLICATION_ID;
    let gateway: Awaited<ReturnType<typeof startDiscordGateway>> | undefined;
    platforms.push({
      name: 'discord-gateway',
      isReady: () => gateway?.isReady() ?? false,
      stop: async () => gateway?.stop(),
    });
    starters.push(async () => {
      gateway = await startDiscordGateway({
        service,
        token,
        applicationId,
        apiUrl: config.DISCORD_API_URL,
        logger: discordLogger,
        ...metrics,
        ...(config.DISCORD_SHARDS === undefined ? {} : { shards: config.DISCORD_SHARDS }),
        ...(config.DISCORD_SHARD_IDS === undefined || config.DISCORD_SHARD_COUNT === undefined
          ? {}
          : { shardIds: config.DISCORD_SHARD_IDS, shardCount: config.DISCORD_SHARD_COUNT }),
        ...dedupe,
      });
    });
  }

  if (which.slack !== undefined && config.SLACK_BOT_TOKEN !== undefined) {
    const { createSlackBot } = await import('./slack/app.js');
    const slack = await createSlackBot({
      service,
      botToken: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      apiUrl: config.SLACK_API_URL,
      command: config.SLACK_COMMAND,
      ...dedupe,
      ...metrics,
      // createSlackBot adds `platform: slack` itself: one key, once per line.
      logger,
    });
    if (slack.httpHandler !== undefined) routes['POST /slack/events'] = slack.httpHandler;
    platforms.push({ name: `slack-${slack.mode}`, isReady: () => slack.isReady(), stop: () => slack.stop() });
    starters.push(() => slack.start());
  }

  if (which.telegram !== undefined && config.TELEGRAM_BOT_TOKEN !== undefined) {
    const { createTelegramBot, TELEGRAM_WEBHOOK_PATH } = await import('./telegram/bot.js');
    const telegram = createTelegramBot({
      service,
      token: config.TELEGRAM_BOT_TOKEN,
      apiUrl: config.TELEGRAM_API_URL,
      logger: logger.child({ platform: 'telegram' }),
      mode: which.telegram,
      ...(config.TELEGRAM_WEBHOOK_SECRET === undefined ? {} : { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET }),
      ...(config.TELEGRAM_WEBHOOK_URL === undefined ? {} : { webhookUrl: config.TELEGRAM_WEBHOOK_URL }),
    });
    if (telegram.httpHandler !== undefined) routes[`POST ${TELEGRAM_WEBHOOK_PATH}`] = telegram.httpHandler;
    platforms.push({
      name: `telegram-${telegram.mode}`,
      isReady: () => telegram.isReady(),
      stop: () => telegram.stop(),
    });
    starters.push(() => telegram.start());
  }

  return {
    platforms,
    routes,
    start: async () => {
      await Promise.all(starters.map((s) => s()));
    },
  };
}
