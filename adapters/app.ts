import { fstatSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { BotService } from '../src/bot-service.js';
import { Gate } from '../src/gate.js';
import { snapshotPath } from '../src/search/snapshot-file.js';
import { LiveKnowledge } from '../src/live-knowledge.js';
import { userHashSalt } from '../src/log/data-dir.js';
import { platformsOf, type Config } from './config.js';
import { runConsoleBot } from './console/console-bot.js';
import { ANSI, PLAIN } from './console/render-text.js';
import { startPlatforms, type Platform } from './platforms.js';
import { PLATFORMS } from './registry.js';
import { startHttpServer, type RunningHttpServer } from './server/http-server.js';
import { PrometheusMetrics } from './server/prometheus.js';
import { openStores } from './stores.js';

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly stdin: Readable & { isTTY?: boolean; fd?: number };
  readonly stdout: Writable & { isTTY?: boolean };
}

/** A running bot: what it serves, and how to stop it. */
export interface RunningApp {
  readonly service: BotService;
  readonly knowledge: LiveKnowledge;
  readonly http?: RunningHttpServer;
  /** The health and metrics server on METRICS_PORT, when it is set. */
  readonly ops?: RunningHttpServer;
  readonly platforms: readonly Platform[];
  /** Resolves when a console session ends (piped input ran out, or /quit). */
  readonly done?: Promise<void>;
  stop(): Promise<void>;
}

/** What to tell someone who started the bot with nothing to talk to. */
export const NOTHING_TO_DO = [
  'No chat platform is configured and there is no terminal to talk to.',
  `Set ${PLATFORMS.map((p, i) => (i > 0 && i === PLATFORMS.length - 1 ? `or ${p.setup}` : p.setup)).join(', ')}.`,
  'Or run it with a terminal (docker run -it …) or pipe questions in, one per line. See .env.example.',
].join('\n');

/**
 * Starts the bot as configured: the knowledge (watched for changes), the
 * question log, the HTTP server with health and metrics, and every
 * configured platform — or the terminal bot when none is.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const platforms = platformsOf(config);
  const metrics = new PrometheusMetrics();
  // An unusable DATA_DIR stops start-up with one line, unless the question log is off on purpose.
  const salt =
    config.QUESTION_LOG === 'on' ? userHashSalt(config.DATA_DIR, config.USER_HASH_SALT) : config.USER_HASH_SALT;
  if (config.DATABASE_URL !== undefined && config.USER_HASH_SALT === undefined && config.QUESTION_LOG === 'on')
    logger.warn(
      'USER_HASH_SALT is unset: each replica hashes user ids with its own salt from its DATA_DIR; set one USER_HASH_SALT on every replica so that a user has one hash in PostgreSQL',
    );
  const stores = await openStores(config, logger, metrics);
  const { log } = stores;
  const knowledge = await LiveKnowledge.open({
    dir: config.KNOWLEDGE_DIR,
    logger,
    snapshotFile: snapshotPath(config.DATA_DIR),
    maxFileBytes: config.KNOWLEDGE_MAX_FILE_MB * 1024 * 1024,
    onLoad: (loaded, change) => {
      metrics.knowledge(loaded.version, loaded.passages);
      if (change !== undefined) metrics.reload('ok');
    },
    onReloadFailed: () => metrics.reload('failed'),
  }).catch(async (error: unknown) => {
    await stores.close();
    throw error;
  });
  const console = Object.keys(platforms).length === 0;
  const gate = new Gate({
    questions: config.RATE_LIMIT_QUESTIONS,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    spaces: allowLists(config, 'spaces'),
    channels: allowLists(config, 'channels'),
    limiter: stores.limiter,
  });
  // The terminal has one user, who is not rate limited.
  const service = new BotService({
    answerer: () => knowledge.answerer,
    ...(console ? {} : { gate }),
    log,
    metrics,
    ...(salt === undefined ? {} : { salt }),
  });

  if (console) {
    const input = options.stdin;
    if (!input.isTTY && isEmptyDevice(input.fd)) {
      await stores.close();
      throw new NoPlatformError(NOTHING_TO_DO);
    }
    const interactive = input.isTTY === true;
    const done = runConsoleBot({
      service,
      input,
      output: options.stdout,
      interactive,
      style: options.stdout.isTTY === true ? ANSI : PLAIN,
    }).finally(() => stores.close());
    return { service, knowledge, platforms: [], done, stop: () => stores.close() };
  }

  void knowledge.watch();
  const started = await startPlatforms({ config, service, logger, dedupe: stores.dedupe, metrics });
  let http: RunningHttpServer | undefined;
  let ops: RunningHttpServer | undefined;
  const readiness = (): Record<string, boolean | string> => ({
    knowledge: true,
    ...(log.health === undefined ? {} : { questionLog: log.health() }),
    ...Object.fromEntries(started.platforms.map((p) => [p.name, p.isReady()])),
  });
  try {
    const apart = config.METRICS_PORT !== undefined;
    http = await startHttpServer({
      port: config.PORT,
      logger,
      registry: metrics.registry,
      routes: started.routes,
      readiness,
      metrics: !apart,
    });
    if (config.METRICS_PORT !== undefined)
      ops = await startHttpServer({ port: config.METRICS_PORT, logger, registry: metrics.registry, readiness });
    await started.start();
  } catch (error) {
    await Promise.allSettled(started.platforms.map((p) => p.stop()));
    await http?.close();
    await ops?.close();
    await stores.close();
    knowledge.close();
    throw error;
  }
  logger.info(
    {
      port: http.port,
      ...(ops === undefined ? {} : { metricsPort: ops.port }),
      platforms: started.platforms.map((p) => p.name),
      version: knowledge.answerer.version,
      stores: stores.kinds,
    },
    'bot ready',
  );

  // Shutdown: stop taking questions, let the HTTP server answer what it has, wait for replies
  // still being delivered, then disconnect the platforms and close the database.
  const stop = async (): Promise<void> => {
    service.drain();
    knowledge.close();
    await Promise.all([http?.close(), ops?.close()]);
    await service.settled(5_000);
    // Replies still undelivered (a platform API that hangs or is down) are counted, never dropped silently.
    if (service.inFlight > 0)
      logger.warn(
        { undelivered: service.inFlight },
        `shutdown: ${service.inFlight} replies were not delivered in time`,
      );
    await Promise.allSettled(started.platforms.map((p) => p.stop()));
    await stores.close();
  };
  return { service, knowledge, http, ...(ops === undefined ? {} : { ops }), platforms: started.platforms, stop };
}

/** Raised when there is nothing to serve: no platform and no terminal. */
export class NoPlatformError extends Error {
  readonly code = 'NO_PLATFORM';
}

/** Each registered platform's allow-list of one kind, by platform name, for the Gate. */
function allowLists(config: Config, kind: 'channels' | 'spaces'): Record<string, readonly string[]> {
  const lists: Record<string, readonly string[]> = {};
  for (const p of PLATFORMS) {
    const list = p.allow?.(config)[kind];
    if (list !== undefined) lists[p.name] = list;
  }
  return lists;
}

/** Whether a file descriptor is /dev/null or a closed input: nothing will ever arrive. */
function isEmptyDevice(fd: number | undefined): boolean {
  try {
    const stat = fstatSync(fd ?? 0);
    return stat.isCharacterDevice() || (!stat.isFIFO() && !stat.isFile() && !stat.isSocket());
  } catch {
    return true;
  }
}
