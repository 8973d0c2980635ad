/**
 * The entry point (`npm start`, and the container's command): reads the
 * environment once, starts everything configured, and shuts down cleanly
 * on SIGTERM or SIGINT.
 */
import { ConfigError, parseConfig, REDACT_PATHS } from './config.js';
import { BotError } from '../src/errors.js';
import { createLogger, errorForLog } from '../src/logger.js';
import { NoPlatformError, startApp, type RunningApp } from './app.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(`${error.message}\nSee .env.example for every variable.`);
  throw error;
}

const logger = createLogger({ level: config.LOG_LEVEL, pretty: process.stderr.isTTY === true, redact: REDACT_PATHS });
let app: RunningApp;
try {
  app = await startApp({
    config,
    logger,
    stdin: process.stdin,
    stdout: process.stdout,
  });
} catch (error) {
  logger.flush();
  if (error instanceof BotError || error instanceof NoPlatformError) fail(error.message);
  const message = error instanceof Error ? error.message : String(error);
  fail(`Could not start: ${message.split('\n')[0] ?? ''}`);
}

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing answers in flight');
  const deadline = setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    logger.flush();
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  app
    .stop()
    .catch((error: unknown) => logger.error({ err: errorForLog(error) }, 'error while shutting down'))
    .finally(() => {
      logger.info('stopped');
      logger.flush(() => process.exit(0));
    });
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('unhandledRejection', (reason) => {
  logger.error({ err: errorForLog(reason) }, 'unhandled rejection');
});

if (app.done !== undefined) {
  await app.done;
  await app.stop();
  logger.flush(() => process.exit(0));
}
