import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import { scrubLogText } from './scrub-log.js';

const ORDER: Readonly<Record<LogLevel, number>> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/**
 * Bolt's debug output is a wire trace (whole payloads, user text included), so it only shows when the process logs
 * at `trace`; at `debug` Bolt logs at info.
 */
function pinoLevelToBolt(level: string): LogLevel {
  if (level === 'trace') return LogLevel.DEBUG;
  if (level === 'info' || level === 'debug') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/**
 * Bolt's `Logger` interface on top of the process's pino logger, so Bolt,
 * its receivers, the Socket Mode client and the Web API client all log as
 * JSON lines through one place, scrubbed of credentials.
 *
 * @see https://docs.slack.dev/tools/bolt-js/concepts/logging
 */
export class PinoBoltLogger implements BoltLogger {
  readonly #pino: Logger;
  #level: LogLevel;
  #name = 'bolt';

  constructor(logger: Logger) {
    this.#pino = logger;
    this.#level = pinoLevelToBolt(logger.level);
  }

  /** The Bolt level matching the pino logger's. */
  static levelOf(logger: Logger): LogLevel {
    return pinoLevelToBolt(logger.level);
  }

  debug(...msg: unknown[]): void {
    this.#write(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.#write(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.#write(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.#write(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.#level = level;
  }
  getLevel(): LogLevel {
    return this.#level;
  }
  setName(name: string): void {
    this.#name = name;
  }

  #write(level: LogLevel, msg: readonly unknown[]): void {
    if (ORDER[level] < ORDER[this.#level]) return;
    const text = scrubLogText(msg.map(describe).join(' '));
    this.#pino[level]({ component: scrubLogText(this.#name) }, text);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
