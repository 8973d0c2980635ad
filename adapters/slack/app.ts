import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ServicePort } from '../../src/bot-service.js';
import type { BotMetrics } from '../../src/metrics.js';
import { BotError } from '../../src/errors.js';
import { PinoBoltLogger } from './bolt-logger.js';
import type { Dedupe } from '../../src/store/dedupe.js';
import { MemoryDedupe } from '../../src/store/memory-dedupe.js';
import { sendText } from '../server/send.js';
import { registerSlackHandlers } from './handlers.js';
import { SLACK_EVENTS_PATH, createSlackHttpHandler } from './http-handler.js';

/**
 * Every Web API call is bounded: a 10 s time-out, at most 10 calls at once
 * (so that calls hung on one side can't hold every connection), and 3 retries
 * with exponential back-off from 1 s (a 429's Retry-After is honoured by
 * @slack/web-api itself). A hung or unreachable API thus fails a call in
 * under a minute instead of retrying it for half an hour, and replies queued
 * behind it go out once it answers again.
 *
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api#handle-rate-limits
 */
export const SLACK_CLIENT_LIMITS = {
  timeout: 10_000,
  maxRequestConcurrency: 10,
  retryConfig: { retries: 3, factor: 2, minTimeout: 1_000, maxTimeout: 8_000, randomize: true },
} as const satisfies webApi.WebClientOptions;

/** What the Slack adapter needs; adapters/main.ts fills it from the parsed configuration. */
export interface SlackBotOptions {
  readonly service: ServicePort;
  /** Bot User OAuth Token, `xoxb-…` (SLACK_BOT_TOKEN). */
  readonly botToken: string;
  /** App-level token, `xapp-…` (SLACK_APP_TOKEN): Socket Mode. Takes precedence over `signingSecret`. */
  readonly appToken?: string | undefined;
  /** Signing secret (SLACK_SIGNING_SECRET): HTTP mode, when there is no app token. */
  readonly signingSecret?: string | undefined;
  /** Web API base (SLACK_API_URL), e.g. `https://slack.com/api/`. */
  readonly apiUrl: string;
  readonly logger: Logger;
  /** Event ids already handled; default: this process's memory. */
  readonly dedupe?: Dedupe;
  /** Clock for request timestamps and event dedupe. Default `Date.now`. */
  readonly now?: () => number;
  /** Web API retry policy; default `SLACK_CLIENT_LIMITS.retryConfig`. Tests pass a fast one. */
  readonly retryConfig?: webApi.RetryOptions;
  /** Web API time-out per call, in ms; default `SLACK_CLIENT_LIMITS.timeout`. */
  readonly timeoutMs?: number;
  /** Largest HTTP request body taken, in bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** The slash command, as named in the app's settings (SLACK_COMMAND). Default `/ask`. */
  readonly command?: string;
  /** Counts replies Slack did not take. */
  readonly metrics?: Pick<BotMetrics, 'deliveryFailed'>;
}

/** A running (or startable) Slack bot. */
export interface SlackBot {
  /** `socket`: Socket Mode, no public URL. `http`: requests at POST /slack/events. */
  readonly mode: 'socket' | 'http';
  /** Checks the bot token (auth.test) and, in Socket Mode, connects. Throws a `BotError` with code `CONFIG`. */
  start(): Promise<void>;
  /** Disconnects (Socket Mode) and stops taking requests. Safe to call twice. */
  stop(): Promise<void>;
  /** Started, and in Socket Mode connected right now: for /readyz. */
  isReady(): boolean;
  /** HTTP mode only: mount at POST /slack/events on the shared server. Answers 503 until started. */
  readonly httpHandler?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Builds the Slack adapter around the core: a Bolt app in Socket Mode (with
 * an app token) or in HTTP mode (with a signing secret, served by someone
 * else's HTTP server through `httpHandler`). Nothing connects until
 * `start()`.
 *
 * @see https://docs.slack.dev/apis/events-api/using-socket-mode
 * @see https://docs.slack.dev/tools/bolt-js/concepts/receiver
 * @example
 * const bot = await createSlackBot({ service, botToken, appToken, apiUrl: 'https://slack.com/api/', logger });
 * await bot.start();
 */
export async function createSlackBot(options: SlackBotOptions): Promise<SlackBot> {
  const { appToken, signingSecret } = options;
  const log = options.logger.child({ platform: 'slack' });
  const boltLogger = new PinoBoltLogger(log);
  const logLevel = PinoBoltLogger.levelOf(log);
  const now = options.now ?? Date.now;
  // Bolt mutates client options (it adds its logger), so each user gets a fresh object.
  const clientOptions = (): webApi.WebClientOptions => ({
    slackApiUrl: options.apiUrl,
    timeout: options.timeoutMs ?? SLACK_CLIENT_LIMITS.timeout,
    maxRequestConcurrency: SLACK_CLIENT_LIMITS.maxRequestConcurrency,
    retryConfig: { ...(options.retryConfig ?? SLACK_CLIENT_LIMITS.retryConfig) },
  });
  let started = false;
  let connected = false;

  const socketReceiver =
    appToken === undefined
      ? undefined
      : new SocketModeReceiver({
          appToken,
          logger: boltLogger,
          logLevel,
          installerOptions: { clientOptions: clientOptions() },
        });
  const httpReceiver =
    socketReceiver !== undefined || signingSecret === undefined
      ? undefined
      : new HTTPReceiver({
          signingSecret,
          signatureVerification: false, // createSlackHttpHandler verifies, with abs() on the timestamp
          endpoints: SLACK_EVENTS_PATH,
          logger: boltLogger,
          logLevel,
        });
  const receiver = socketReceiver ?? httpReceiver;
  if (receiver === undefined)
    throw new BotError(
      'CONFIG',
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required with SLACK_BOT_TOKEN (Socket Mode needs the app token; HTTP mode the signing secret)',
    );
  const mode = socketReceiver === undefined ? 'http' : 'socket';
  const app = new App({
    token: options.botToken,
    receiver,
    logger: boltLogger,
    logLevel,
    clientOptions: clientOptions(),
    convoStore: false,
    deferInitialization: true,
  });
  registerSlackHandlers(app, {
    service: options.service,
    logger: log,
    dedupe: options.dedupe ?? new MemoryDedupe({ now }),
    ...(options.command === undefined ? {} : { command: options.command }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });

  socketReceiver?.client.on('connected', () => {
    connected = true;
  });
  for (const state of ['disconnected', 'reconnecting']) {
    socketReceiver?.client.on(state, () => {
      connected = false;
    });
  }

  const bot: SlackBot = {
    mode,
    async start() {
      if (started) return;
      try {
        await app.init();
      } catch (error) {
        throw startError('SLACK_BOT_TOKEN', 'copy the Bot User OAuth Token from OAuth & Permissions', error);
      }
      if (socketReceiver !== undefined) {
        try {
          await app.start();
        } catch (error) {
          await app.stop().catch(() => undefined);
          throw startError(
            'SLACK_APP_TOKEN',
            'create an app-level token with connections:write in Basic Information',
            error,
          );
        }
      }
      started = true;
      log.info({ mode }, 'slack: started');
    },
    async stop() {
      if (!started) return;
      started = false;
      if (socketReceiver !== undefined) await app.stop();
      log.info({ mode }, 'slack: stopped');
    },
    isReady: () => started && (mode === 'http' || connected),
  };
  if (httpReceiver === undefined || signingSecret === undefined) return bot;
  const handler = createSlackHttpHandler({
    signingSecret,
    now,
    logger: log,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    dispatch: (req, res) => {
      if (!started) {
        sendText(res, 503, '', { 'retry-after': '5' });
        return;
      }
      httpReceiver.requestListener(req, res);
    },
  });
  return { ...bot, httpHandler: handler };
}

/**
 * A start failure as a configuration error that names the variable and how
 * to fix it, when Slack rejected a token; otherwise (Slack unreachable) one
 * that points at SLACK_API_URL and the network.
 */
function startError(variable: string, fix: string, error: unknown): BotError {
  const data = (error as { data?: { error?: unknown } }).data;
  const code = (error as { code?: unknown }).code;
  if (code === 'slack_webapi_platform_error' && typeof data?.error === 'string') {
    return new BotError('CONFIG', `${variable}: Slack rejected it (${data.error}); ${fix}`, { cause: error });
  }
  const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new BotError('CONFIG', `SLACK_API_URL: could not reach Slack (${why}); check SLACK_API_URL and the network`, {
    cause: error,
  });
}
